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
import { accessTestCreate, documentTestMaker, leanHandlerCases, leanHandlerGroup } from "./templates/walks";

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

/**
 * Removing a statement takes the blank line after the one before it along: put it back, so
 * that what `apply` separated with blank lines reads as before once `revert` has run.
 */
function keepBlankLineBefore(statement: Node): void {
  const previous = statement.getPreviousSibling();
  if (!previous) return;
  const between = statement.getSourceFile().getFullText().slice(previous.getEnd(), statement.getStart(true));
  if (!/\n[^\S\n]*\n/.test(between)) statement.getSourceFile().insertText(previous.getEnd(), "\n");
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

/**
 * Adds `item` as the last entry of an object or array literal, before any comment that closes it
 * (`// Each resource's … goes here`, where the page's steps write too). Done on the text: ts-morph's
 * own adding, after such a comment, doubles a comma or drops the comment.
 */
function appendEntry(list: ObjectLiteralExpression | ArrayLiteralExpression, item: string): void {
  const entries = list.isKind(SyntaxKind.ArrayLiteralExpression) ? list.getElements() : list.getProperties();
  const last = entries.at(-1);
  const source = list.getSourceFile();
  if (!last) {
    source.insertText(list.getFirstChildOrThrow().getEnd(), `\n${item},`);
    return;
  }
  const comma = last.getNextSibling();
  if (comma?.isKind(SyntaxKind.CommaToken)) source.insertText(comma.getEnd(), `\n${item},`);
  else source.insertText(last.getEnd(), `,\n${item},`);
}

/** Takes `element` out of its array with its comma and its line, on the text: ts-morph's would drop a closing comment. */
function removeElement(element: Node): void {
  const source = element.getSourceFile();
  const text = source.getFullText();
  let start = element.getStart();
  while (start > 0 && (text[start - 1] === " " || text[start - 1] === "\t")) start--;
  if (text[start - 1] === "\n") start--;
  const comma = element.getNextSibling();
  const end = comma?.isKind(SyntaxKind.CommaToken) ? comma.getEnd() : element.getEnd();
  source.replaceText([start, end], "");
}

function setProperty(object: ObjectLiteralExpression, name: string, initializer: string): void {
  object.getProperty(name)?.remove();
  appendEntry(object, `${name}: ${initializer}`);
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

const ownerInputsOf = (source: SourceFile): ObjectLiteralExpression =>
  source.getVariableDeclarationOrThrow("ownerInputs").getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);

/** idMakers's key: the URL's resource, quoted when it has a "-". */
const idMakerKey = (r: Resource) => JSON.stringify(r.filePlural).replace(/^"([a-z]+)"$/, "$1");

const idMakers = (source: SourceFile): ObjectLiteralExpression =>
  source.getVariableDeclarationOrThrow("idMakers").getInitializerIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);

/** The lean handler test's groups of cases, run in order; the demo's group is one `pnpm demo:remove` takes out. */
const caseGroups = (source: SourceFile): ArrayLiteralExpression =>
  source.getVariableDeclarationOrThrow("caseGroups").getInitializerIfKindOrThrow(SyntaxKind.ArrayLiteralExpression);

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
      for (const [name, input] of Object.entries(accessTestInputs(r))) {
        // The literal is found again each time: adding to the text forgets the nodes.
        appendEntry(ownerInputsOf(source), `${name}: ${input}`);
      }
    },
    revert(source, r) {
      const inputs = ownerInputsOf(source);
      for (const [name, input] of Object.entries(accessTestInputs(r))) {
        dropGenerated(inputs.getProperty(name), `${name}: ${input}`, `ownerInputs[${name}]`);
      }
      const [input, row] = accessTestCreate(r).split("\n");
      dropGenerated(source.getVariableStatement(r.singular), row ?? "", `the test's ${r.singular}`);
      dropGenerated(source.getVariableStatement(`${r.singular}Input`), input ?? "", `the test's ${r.singular}Input`);
    },
  },
  {
    // The lean tRPC handler must answer each procedure as tRPC's own handler does: the resource's
    // group of cases, declared before caseGroups and listed last in it.
    file: "packages/server/src/http/lean-handler.test.ts",
    apply(source, r) {
      const groups = source.getVariableStatementOrThrow("caseGroups");
      source.insertStatements(groups.getChildIndex(), `\n${leanHandlerCases(r)}\n`);
      appendEntry(caseGroups(source), leanHandlerGroup(r));
    },
    revert(source, r) {
      const group = leanHandlerGroup(r);
      dropGenerated(source.getVariableStatement(group), leanHandlerCases(r), `the cases ${group}`);
      keepBlankLineBefore(source.getVariableStatementOrThrow("caseGroups"));
      const groups = caseGroups(source);
      const listed = groups.getElements().find((element) => element.getText() === group);
      if (listed) removeElement(listed);
    },
  },
  {
    // The REST contract calls each route with `{id}` on a fresh row of its resource.
    file: "packages/server/src/rest/document.test.ts",
    apply: (source, r) => setProperty(idMakers(source), idMakerKey(r), documentTestMaker(r)),
    revert(source, r) {
      const makers = idMakers(source);
      const property = makers.getProperty(r.filePlural) ?? makers.getProperty(JSON.stringify(r.filePlural));
      dropGenerated(property, `${idMakerKey(r)}: ${documentTestMaker(r)}`, `idMakers's ${r.filePlural}`);
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
