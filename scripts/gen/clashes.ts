/**
 * The names a new resource would take, checked against every place the app
 * names things already: a clash found here is a refusal before anything is
 * written, not a compile error after.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Node, Project } from "ts-morph";

import { type Resource, UsageError } from "./resource";
import { fieldsInterface, rowInterface } from "./templates/data";
import { validatorsFile } from "./templates/validators";

const declaredNames = (text: string) =>
  [...text.matchAll(/^export\s+(?:const|function|type|interface|class|enum)\s+([A-Za-z_$][\w$]*)/gm)].map(
    ([, name]) => name as string,
  );

/** Every name a module declares at its top level or imports. */
function topLevelNames(file: string): Set<string> {
  const source = new Project({ skipAddingFilesFromTsConfig: true }).addSourceFileAtPath(file);
  const names = new Set<string>();
  for (const declaration of source.getImportDeclarations()) {
    for (const named of declaration.getNamedImports()) names.add(named.getAliasNode()?.getText() ?? named.getName());
    const other = declaration.getDefaultImport() ?? declaration.getNamespaceImport();
    if (other) names.add(other.getText());
  }
  for (const statement of source.getStatements()) {
    if (Node.isVariableStatement(statement)) for (const d of statement.getDeclarations()) names.add(d.getName());
    else if (Node.hasName(statement)) names.add(statement.getName());
  }
  return names;
}

/** The URL paths' first folders: /posts, /settings …, with route groups like (trpc) seen through. */
function routeFolders(app: string): Set<string> {
  const folders = new Set<string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (/^\(.+\)$/.test(entry.name)) walk(join(folder, entry.name));
      else folders.add(entry.name);
    }
  };
  walk(app);
  return folders;
}

/** Refuses `r` when any of its names is taken. */
export function assertNoClash(root: string, r: Resource): void {
  const read = (file: string) => readFileSync(join(root, file), "utf8");
  if (new RegExp(`^\\s+${r.singular}:`, "m").test(read("packages/api/src/root.ts")))
    throw new UsageError(`the router "${r.singular}" exists already`);
  for (const dialect of ["sqlite", "pg"]) {
    const schema = read(`packages/db/src/schema/${dialect}.ts`);
    const table = new RegExp(`(?:sqliteTable|pgTable)\\(\\s*"${r.table}"|export const ${r.plural}\\b`);
    if (table.test(schema)) {
      throw new UsageError(`the table "${r.table}" exists already (packages/db/src/schema/${dialect}.ts)`);
    }
  }
  const types = join(root, "packages/db/src/data/types.ts");
  const layer = new Project({ skipAddingFilesFromTsConfig: true })
    .addSourceFileAtPath(types)
    .getInterfaceOrThrow("DataLayer");
  if (layer.getProperty(r.plural)) throw new UsageError(`the data layer has "${r.plural}" already`);
  const typeNames = topLevelNames(types);
  for (const name of declaredNames(`${rowInterface(r)}\n${fieldsInterface(r)}`)) {
    if (typeNames.has(name)) throw new UsageError(`packages/db/src/data/types.ts has a "${name}" already`);
  }
  const validators = join(root, "packages/validators/src");
  const own = `${r.fileSingular}.ts`;
  const exported = new Map<string, string>();
  for (const file of readdirSync(validators)) {
    if (!/\.tsx?$/.test(file) || file === own || /\.test\.tsx?$/.test(file)) continue;
    for (const name of declaredNames(readFileSync(join(validators, file), "utf8"))) exported.set(name, file);
  }
  for (const name of declaredNames(validatorsFile(r))) {
    const file = exported.get(name);
    if (file) throw new UsageError(`packages/validators/src/${file} exports a "${name}" already`);
  }
  const app = join(root, "apps/web/src/app");
  if (existsSync(app) && routeFolders(app).has(r.filePlural)) {
    throw new UsageError(`the web app has a route /${r.filePlural} already`);
  }
}
