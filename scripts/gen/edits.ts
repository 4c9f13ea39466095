/**
 * The edits to files a person also edits (the schema, the root router, the
 * index exports, the lists the test walks read), made and undone through the
 * TypeScript syntax tree: each names the declaration it changes, so nothing
 * depends on where it sits. Undoing removes a declaration only when it is
 * still exactly what the generator wrote (layout aside): a hand-written or
 * since-changed one of the same name makes `pnpm gen remove` refuse.
 */
import {
  type ArrayLiteralExpression,
  type FunctionDeclaration,
  type Node,
  type ObjectLiteralExpression,
  type Project,
  type SourceFile,
  SyntaxKind,
} from "ts-morph";

import { type Resource, UsageError } from "./resource";
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

/** Code with its layout left out: Biome's line breaks and trailing commas are no difference. */
export const layoutFree = (text: string) =>
  text
    .replace(/\s+/g, "")
    .replace(/;/g, "")
    .replace(/,([}\])])/g, "$1");

/** Removes `node` when it is exactly `generated`; refuses when it is something else of that name. */
function dropGenerated(node: Node | undefined, generated: string, what: string): void {
  if (!node) return;
  if (layoutFree(node.getText(true)) !== layoutFree(generated)) {
    throw new UsageError(
      `${node.getSourceFile().getBaseName()}: ${what} is not what the generator wrote; take it out by hand first`,
    );
  }
  (node as Node & { remove(): void }).remove();
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
    dropGenerated(source.getVariableStatement(r.plural), tableStatement(r, dialect), `the table ${r.plural}`);
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
      const imported = `import { ${factory(r)} } from "${module(r)}";`;
      dropGenerated(source.getImportDeclaration(module(r)), imported, `the import of ${module(r)}`);
      const property = returnedObject(source.getFunctionOrThrow(create)).getProperty(r.plural);
      dropGenerated(property, `${r.plural}: ${factory(r)}(db)`, `the data layer's ${r.plural}`);
    },
  };
};

/** The owner check's entry: `task: (data, id) => data.tasks.ownerId(id)`. */
const ownerOfEntry = (r: Resource) => `${r.singular}: (data: DataLayer, id: string) => data.${r.plural}.ownerId(id)`;

/** The authorization walk's inputs of the owner procedures, by path. */
const accessTestInputs = (r: Resource): Record<string, string> => ({
  [JSON.stringify(`${r.singular}.update`)]: `{ id: ${r.singular}.id, ...${r.singular}Input }`,
  [JSON.stringify(`${r.singular}.delete`)]: `{ id: ${r.singular}.id }`,
});

/** freshIds's key: the URL's resource, quoted when it has a "-". */
const freshIdKey = (r: Resource) => JSON.stringify(r.filePlural).replace(/^"([a-z]+)"$/, "$1");

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
    revert: (source, r) =>
      dropGenerated(
        source.getExportDeclaration(`./${r.fileSingular}`),
        `export * from "./${r.fileSingular}";`,
        `the export of ./${r.fileSingular}`,
      ),
  },
  {
    file: "packages/db/src/data/types.ts",
    apply(source, r) {
      source.getInterfaceOrThrow("DataLayer").addProperty({ name: r.plural, type: contractType(r) });
      source.addStatements(`\n${rowInterface(r)}\n\n${fieldsInterface(r)}`);
    },
    revert(source, r) {
      const property = source.getInterfaceOrThrow("DataLayer").getProperty(r.plural);
      dropGenerated(property, `${r.plural}: ${contractType(r)}`, `DataLayer's ${r.plural}`);
      dropGenerated(source.getInterface(r.Singular), rowInterface(r), `the interface ${r.Singular}`);
      dropGenerated(
        source.getInterface(`${r.Singular}Fields`),
        fieldsInterface(r),
        `the interface ${r.Singular}Fields`,
      );
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
      setProperty(ownerOf, r.singular, ownerOfEntry(r).slice(r.singular.length + 2));
    },
    revert(source, r) {
      const ownerOf = source
        .getVariableDeclarationOrThrow("ownerOf")
        .getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);
      dropGenerated(ownerOf.getProperty(r.singular), ownerOfEntry(r), `ownerOf.${r.singular}`);
    },
  },
  {
    file: "packages/api/src/root.ts",
    apply(source, r) {
      addNamedImport(source, `./routers/${r.fileSingular}`, `${r.singular}Router`);
      setProperty(objectArgument(source, "createTRPCRouter", "appRouter"), r.singular, `${r.singular}Router`);
    },
    revert(source, r) {
      const module = `./routers/${r.fileSingular}`;
      const imported = `import { ${r.singular}Router } from "${module}";`;
      dropGenerated(source.getImportDeclaration(module), imported, `the import of ${module}`);
      const property = objectArgument(source, "createTRPCRouter", "appRouter").getProperty(r.singular);
      dropGenerated(property, `${r.singular}: ${r.singular}Router`, `the router ${r.singular}`);
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
      for (const [name, input] of Object.entries(accessTestInputs(r))) {
        inputs?.addPropertyAssignment({ name, initializer: input });
      }
    },
    revert(source, r) {
      const inputs = source
        .getVariableDeclarationOrThrow("ownerInputs")
        .getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);
      for (const [name, input] of Object.entries(accessTestInputs(r))) {
        dropGenerated(inputs.getProperty(name), `${name}: ${input}`, `ownerInputs[${name}]`);
      }
      const [input, row] = accessTestCreate(r).split("\n");
      dropGenerated(source.getVariableStatement(r.singular), row ?? "", `the test's ${r.singular}`);
      dropGenerated(source.getVariableStatement(`${r.singular}Input`), input ?? "", `the test's ${r.singular}Input`);
    },
  },
  {
    // The lean tRPC handler must answer each procedure as tRPC's own handler does.
    file: "packages/server/src/http/lean-handler.test.ts",
    apply: (source, r) => void leanCases(source).addElements(leanHandlerCases(r)),
    revert(source, r) {
      const array = leanCases(source);
      const generated = new Set(leanHandlerCases(r).map(layoutFree));
      for (const element of array.getElements().reverse()) {
        if (generated.has(layoutFree(element.getText()))) array.removeElement(element);
        else if (element.getText().includes(`path: "${r.singular}.`)) {
          throw new UsageError(
            `lean-handler.test.ts: a case of ${r.singular} is not what the generator wrote; take it out by hand first`,
          );
        }
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
      setProperty(returned, freshIdKey(r), `${r.singular}.id`);
    },
    revert(source, r) {
      const freshIds = source.getFirstDescendantOrThrow(
        (node) => node.isKind(SyntaxKind.FunctionDeclaration) && node.getName() === "freshIds",
      ) as FunctionDeclaration;
      dropGenerated(freshIds.getVariableStatement(r.singular), documentTestCreate(r), `freshIds's ${r.singular}`);
      const returned = returnedObject(freshIds);
      const property = returned.getProperty(r.filePlural) ?? returned.getProperty(JSON.stringify(r.filePlural));
      dropGenerated(property, `${freshIdKey(r)}: ${r.singular}.id`, `freshIds's ${r.filePlural}`);
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
