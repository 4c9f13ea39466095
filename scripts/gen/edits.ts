/**
 * The edits to files a person also edits (the schema, the root router, the
 * index exports, the lists the test walks read), made and undone through the
 * TypeScript syntax tree: each names the declaration it changes, so nothing
 * depends on a line's exact text or where it sits.
 */
import {
  type ArrayLiteralExpression,
  type FunctionDeclaration,
  type ObjectLiteralExpression,
  type Project,
  type SourceFile,
  SyntaxKind,
} from "ts-morph";

import type { Resource } from "./resource";
import { contractType, fieldsInterface, rowInterface } from "./templates/data";
import { columnBuilders, type Dialect, tableStatement } from "./templates/schema";
import { accessTestCreate, documentTestCreate, leanHandlerCases } from "./templates/walks";

/** One edit of one file, both ways. */
interface Edit {
  file: string;
  /** Only when true: the owner check and the walk's owner inputs are for owned resources. */
  when?: (r: Resource) => boolean;
  apply(source: SourceFile, r: Resource): void;
  revert(source: SourceFile, r: Resource): void;
}

function addNamedImport(source: SourceFile, module: string, name: string): void {
  const declaration = source.getImportDeclaration(module);
  if (!declaration) source.addImportDeclaration({ moduleSpecifier: module, namedImports: [name] });
  else if (!declaration.getNamedImports().some((i) => i.getName() === name)) declaration.addNamedImport(name);
}

/** Drops `name` from the imports of `module` once nothing else in the file uses it. */
function dropUnusedImport(source: SourceFile, module: string, name: string): void {
  const declaration = source.getImportDeclaration(module);
  const specifier = declaration?.getNamedImports().find((i) => i.getName() === name);
  if (!declaration || !specifier) return;
  const uses = source.getDescendantsOfKind(SyntaxKind.Identifier).filter((id) => id.getText() === name);
  // The import's own identifier is one use.
  if (uses.length > 1) return;
  specifier.remove();
  if (declaration.getNamedImports().length === 0 && !declaration.getDefaultImport()) declaration.remove();
}

function removeImportOf(source: SourceFile, module: string): void {
  source.getImportDeclaration(module)?.remove();
}

function objectArgument(source: SourceFile, callee: string, variable: string): ObjectLiteralExpression {
  const call = source.getVariableDeclarationOrThrow(variable).getInitializerIfKindOrThrow(SyntaxKind.CallExpression);
  if (call.getExpression().getText() !== callee)
    throw new Error(`${source.getBaseName()}: ${variable} is not ${callee}(…)`);
  return call.getArguments()[0]?.asKindOrThrow(SyntaxKind.ObjectLiteralExpression) as ObjectLiteralExpression;
}

function returnedObject(fn: FunctionDeclaration): ObjectLiteralExpression {
  const statement = fn.getStatements().find((s) => s.isKind(SyntaxKind.ReturnStatement));
  return statement
    ?.asKindOrThrow(SyntaxKind.ReturnStatement)
    .getExpressionIfKindOrThrow(SyntaxKind.ObjectLiteralExpression) as ObjectLiteralExpression;
}

function setProperty(object: ObjectLiteralExpression, name: string, initializer: string): void {
  object.getProperty(name)?.remove();
  object.addPropertyAssignment({ name, initializer });
}

const removeProperty = (object: ObjectLiteralExpression, name: string) => object.getProperty(name)?.remove();

const coreModule = (dialect: Dialect) => (dialect === "sqlite" ? "drizzle-orm/sqlite-core" : "drizzle-orm/pg-core");

const ALL_BUILDERS: Record<Dialect, string[]> = {
  sqlite: ["index", "sqliteTable", "text", "integer"],
  pg: ["index", "pgTable", "text", "boolean", "date"],
};

const schemaEdit = (dialect: Dialect): Edit => ({
  file: `packages/db/src/schema/${dialect}.ts`,
  apply(source, r) {
    for (const name of columnBuilders(r, dialect)) addNamedImport(source, coreModule(dialect), name);
    source.addStatements(`\n${tableStatement(r, dialect)}`);
  },
  revert(source, r) {
    source.getVariableStatement(r.plural)?.remove();
    // Any builder the table may have used (removing knows no fields), once nothing else uses it.
    for (const name of ALL_BUILDERS[dialect]) dropUnusedImport(source, coreModule(dialect), name);
  },
});

const dataLayerEdit = (dialect: Dialect): Edit => {
  const factory = (r: Resource) => `${dialect}${r.Plural}`;
  const module = (r: Resource) => `../data/${r.filePlural}/${dialect}`;
  const create = dialect === "sqlite" ? "createSqliteData" : "createPgData";
  return {
    file: `packages/db/src/${dialect}/data.ts`,
    apply(source, r) {
      addNamedImport(source, module(r), factory(r));
      setProperty(returnedObject(source.getFunctionOrThrow(create)), r.plural, `${factory(r)}(db)`);
    },
    revert(source, r) {
      removeImportOf(source, module(r));
      removeProperty(returnedObject(source.getFunctionOrThrow(create)), r.plural);
    },
  };
};

const leanCases = (source: SourceFile): ArrayLiteralExpression =>
  source
    .getVariableDeclarationOrThrow("cases")
    .getInitializerIfKindOrThrow(SyntaxKind.ArrowFunction)
    .getBody()
    .asKindOrThrow(SyntaxKind.ArrayLiteralExpression);

export const EDITS: Edit[] = [
  schemaEdit("sqlite"),
  schemaEdit("pg"),
  {
    file: "packages/validators/src/index.ts",
    apply: (source, r) => void source.addExportDeclaration({ moduleSpecifier: `./${r.fileSingular}` }),
    revert: (source, r) => source.getExportDeclaration(`./${r.fileSingular}`)?.remove(),
  },
  {
    file: "packages/db/src/data/types.ts",
    apply(source, r) {
      source.getInterfaceOrThrow("DataLayer").addProperty({ name: r.plural, type: contractType(r) });
      source.addStatements(`\n${rowInterface(r)}\n\n${fieldsInterface(r)}`);
    },
    revert(source, r) {
      source.getInterfaceOrThrow("DataLayer").getProperty(r.plural)?.remove();
      source.getInterface(r.Singular)?.remove();
      source.getInterface(`${r.Singular}Fields`)?.remove();
    },
  },
  dataLayerEdit("sqlite"),
  dataLayerEdit("pg"),
  {
    file: "packages/api/src/trpc.ts",
    when: (r) => r.owned,
    apply(source, r) {
      const ownerOf = source
        .getVariableDeclarationOrThrow("ownerOf")
        .getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);
      setProperty(ownerOf, r.singular, `(data: DataLayer, id: string) => data.${r.plural}.ownerId(id)`);
    },
    revert(source, r) {
      const ownerOf = source
        .getVariableDeclarationOrThrow("ownerOf")
        .getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);
      removeProperty(ownerOf, r.singular);
    },
  },
  {
    file: "packages/api/src/root.ts",
    apply(source, r) {
      addNamedImport(source, `./routers/${r.fileSingular}`, `${r.singular}Router`);
      setProperty(objectArgument(source, "createTRPCRouter", "appRouter"), r.singular, `${r.singular}Router`);
    },
    revert(source, r) {
      removeImportOf(source, `./routers/${r.fileSingular}`);
      removeProperty(objectArgument(source, "createTRPCRouter", "appRouter"), r.singular);
    },
  },
  {
    // The authorization walk calls each owner procedure with someone else's row.
    file: "packages/api/src/access.test.ts",
    when: (r) => r.owned,
    apply(source, r) {
      const ownerInputs = source.getVariableStatementOrThrow("ownerInputs");
      source.insertStatements(ownerInputs.getChildIndex(), accessTestCreate(r));
      const inputs = ownerInputs.getDeclarations()[0]?.getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);
      for (const name of ["update", "delete"]) {
        const input =
          name === "delete" ? `{ id: ${r.singular}.id }` : `{ id: ${r.singular}.id, ...${r.singular}Input }`;
        inputs?.addPropertyAssignment({ name: JSON.stringify(`${r.singular}.${name}`), initializer: input });
      }
    },
    revert(source, r) {
      const inputs = source
        .getVariableDeclarationOrThrow("ownerInputs")
        .getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);
      for (const name of ["update", "delete"]) inputs.getProperty(JSON.stringify(`${r.singular}.${name}`))?.remove();
      source.getVariableStatement(r.singular)?.remove();
      source.getVariableStatement(`${r.singular}Input`)?.remove();
    },
  },
  {
    // The lean tRPC handler must answer each procedure as tRPC's own handler does.
    file: "packages/server/src/http/lean-handler.test.ts",
    apply: (source, r) => void leanCases(source).addElements(leanHandlerCases(r)),
    revert(source, r) {
      const array = leanCases(source);
      for (const element of array.getElements().reverse()) {
        if (element.getText().includes(`path: "${r.singular}.`)) array.removeElement(element);
      }
    },
  },
  {
    // The REST contract calls each route with `{id}` on a fresh row.
    file: "packages/server/src/rest/document.test.ts",
    apply(source, r) {
      const freshIds = source.getFirstDescendantOrThrow(
        (node) => node.isKind(SyntaxKind.FunctionDeclaration) && node.getName() === "freshIds",
      ) as FunctionDeclaration;
      const returned = returnedObject(freshIds);
      freshIds.insertStatements(freshIds.getStatements().length - 1, documentTestCreate(r));
      setProperty(returned, JSON.stringify(r.filePlural).replace(/^"([a-z]+)"$/, "$1"), `${r.singular}.id`);
    },
    revert(source, r) {
      const freshIds = source.getFirstDescendantOrThrow(
        (node) => node.isKind(SyntaxKind.FunctionDeclaration) && node.getName() === "freshIds",
      ) as FunctionDeclaration;
      freshIds.getVariableStatement(r.singular)?.remove();
      const returned = returnedObject(freshIds);
      removeProperty(returned, r.filePlural);
      removeProperty(returned, JSON.stringify(r.filePlural));
    },
  },
];

/** Applies (or undoes) every edit that concerns `r`; returns the files changed. */
export function runEdits(project: Project, root: string, r: Resource, direction: "apply" | "revert"): string[] {
  const changed: string[] = [];
  for (const edit of EDITS) {
    if (edit.when && !edit.when(r)) continue;
    const source = project.addSourceFileAtPath(`${root}/${edit.file}`);
    edit[direction](source, r);
    changed.push(edit.file);
  }
  return changed;
}
