/**
 * Writes a resource end to end, the way docs/adding-a-resource.md does by hand,
 * or takes one out again (docs/decisions/053-resource-generator.md).
 *
 *   pnpm gen resource task --fields "title:string body:text done:boolean due:date?" [--owned] [--public-read]
 *   pnpm gen remove task
 *
 * New files come from ./templates; edits to files a person also edits go
 * through the syntax tree (./edits.ts). Then Biome formats what was written
 * and drizzle-kit writes the migration on both dialects.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { Project } from "ts-morph";

import { runEdits } from "./edits";
import { parseFields, type Resource, resourceOf, UsageError } from "./resource";
import { newFiles } from "./templates/files";

const ROOT = join(import.meta.dirname, "..", "..");
const USAGE = `Usage:
  pnpm gen resource <name> --fields "title:string body:text done:boolean due:date?" [--owned] [--public-read] [--plural <plural>] [--force]
  pnpm gen remove <name> [--plural <plural>]

Field types: string (a line, up to 200 characters), text (up to 10,000), boolean, date (a calendar day).
A "?" after the type lets the field be empty. --owned: each row has an owner, and only they or an admin
may change it. --public-read: anyone may read, signed in or not. --force: overwrite files that exist.`;

function run(command: string, args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** The router keys and tables there are: a new resource may take neither. */
function assertNoClash(r: Resource): void {
  const root = readFileSync(join(ROOT, "packages/api/src/root.ts"), "utf8");
  if (new RegExp(`^\\s+${r.singular}:`, "m").test(root))
    throw new UsageError(`the router "${r.singular}" exists already`);
  const schema = readFileSync(join(ROOT, "packages/db/src/schema/sqlite.ts"), "utf8");
  if (schema.includes(`"${r.table}"`) || new RegExp(`export const ${r.plural}\\b`).test(schema)) {
    throw new UsageError(`the table "${r.table}" exists already`);
  }
}

/** drizzle-kit compares each schema with its last snapshot and writes the SQL, for SQLite and for Postgres. */
function generateMigrations(name: string): void {
  // The Postgres URL only picks the dialect: generating connects to nothing.
  const dialects: Record<string, string>[] = [{}, { DATABASE_URL: "postgres://localhost/unused" }];
  for (const env of dialects) {
    run("pnpm", ["exec", "drizzle-kit", "generate", "--name", name], env);
  }
}

const format = (files: string[]) => run("pnpm", ["exec", "biome", "check", "--write", ...files]);

function generate(r: Resource, force: boolean): void {
  assertNoClash(r);
  const files = newFiles(r);
  const existing = files.filter((file) => existsSync(join(ROOT, file.path))).map((file) => file.path);
  if (existing.length > 0 && !force) {
    throw new UsageError(`these exist already (--force overwrites them):\n  ${existing.join("\n  ")}`);
  }
  for (const file of files) {
    mkdirSync(dirname(join(ROOT, file.path)), { recursive: true });
    writeFileSync(join(ROOT, file.path), file.text());
  }
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  const edited = runEdits(project, ROOT, r, "apply");
  project.saveSync();
  format([...files.map((file) => file.path), ...edited]);
  generateMigrations(`create_${r.table}`);
  console.log(
    `Wrote ${r.words.many}: ${files.length} new files, ${edited.length} edited, and a migration for each dialect.`,
  );
  for (const file of [...files.map((f) => f.path), ...edited]) console.log(`  ${file}`);
  console.log(`Next: pnpm typecheck && pnpm exec vitest run packages/api/src/routers/${r.fileSingular}.test.ts`);
}

function remove(r: Resource): void {
  const files = newFiles(r).map((file) => file.path);
  for (const file of files) rmSync(join(ROOT, file), { force: true });
  for (const folder of [`packages/db/src/data/${r.filePlural}`, `apps/web/src/app/(trpc)/${r.filePlural}`]) {
    rmSync(join(ROOT, folder), { recursive: true, force: true });
  }
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  const edited = runEdits(project, ROOT, r, "revert");
  project.saveSync();
  format(edited);
  generateMigrations(`drop_${r.table}`);
  console.log(
    `Removed ${r.words.many}: ${files.length} files deleted, ${edited.length} edits undone, and a migration dropping the table.`,
  );
}

function main(): void {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      fields: { type: "string" },
      owned: { type: "boolean", default: false },
      "public-read": { type: "boolean", default: false },
      plural: { type: "string" },
      force: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  const [command, name] = positionals;
  if (values.help || !name || (command !== "resource" && command !== "remove")) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 1);
  }
  if (command === "remove") {
    // What remove needs of the fields is none: it finds the resource's declarations by name.
    const r = resourceOf(name, { fields: [], owned: true, publicRead: false, plural: values.plural });
    remove(r);
    return;
  }
  if (!values.fields) throw new UsageError('--fields is required, e.g. --fields "title:string body:text"');
  const r = resourceOf(name, {
    fields: parseFields(values.fields),
    owned: values.owned,
    publicRead: values["public-read"],
    plural: values.plural,
  });
  generate(r, values.force);
}

try {
  main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`pnpm gen: ${error.message}\n\n${USAGE}`);
    process.exit(1);
  }
  throw error;
}
