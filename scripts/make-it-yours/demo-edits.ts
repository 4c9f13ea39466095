/**
 * The demo's places in files it shares with the rest (the schema, the data
 * layer's contract and its two builders, the root router, the job list, the
 * admin page…), each named by its declaration and taken out through the
 * TypeScript syntax tree, so nothing depends on where it sits. A name that is
 * no longer there stops `pnpm demo:remove` before it writes anything, and
 * fails the drift check (./demo.test.ts): the list is out of date.
 */
import {
  type ArrayLiteralExpression,
  type ExpressionStatement,
  type Node,
  type ObjectLiteralExpression,
  type Project,
  type SourceFile,
  SyntaxKind,
} from "ts-morph";

/** What one shared file loses. Every name must be found, or the edit fails. */
export interface DemoEdit {
  file: string;
  /** Import declarations, by module, removed whole. */
  imports?: string[];
  /** `export * from "…"` declarations, by module. */
  exportsFrom?: string[];
  /** Names in `export { … }` lists (re-exports included). */
  exportedNames?: string[];
  /** Top-level declarations: variables, functions, interfaces, type aliases. */
  declarations?: string[];
  /**
   * Members of an object or interface, found by the declaration that holds it:
   * a variable's object literal (or the first object argument of its call, as in
   * `createTRPCRouter({ … })`), a function's returned object, an interface's members.
   */
  members?: { of: string; names: string[] }[];
  /** Elements of a variable's array literal, by their text: an identifier, or a call such as `encodeCursor(post)`. */
  elements?: { of: string; names: string[] }[];
  /** JSX elements, by tag name, taken out wherever they are in the file. */
  jsx?: string[];
  /** In a top-level function, the JSX children (elements or `{…}`) that use any of these names. */
  jsxUsing?: { in: string; names: string[] }[];
  /**
   * In a top-level function, the statements of its body that use any of these
   * names (an identifier, or a property access such as `rows.posts`).
   */
  statements?: { in: string; using: string[] }[];
  /** Members of a union type alias, each an object type known by its `type` literal (`"post.created"`). */
  unionMembers?: { of: string; types: string[] }[];
  /** A top-level function's or type's doc comment, written anew where it described the demo. */
  describe?: { of: string; text: string }[];
  /** Parameters of a top-level function, by name (one only the removed statements read). */
  parameters?: { of: string; names: string[] }[];
  /**
   * Test cases and groups (`it`, `test`, `describe`, with `.each`, `.skip`… too), by their title as
   * written: the cases that test the demo itself, in a test file whose other cases test what stays.
   */
  tests?: string[];
}

export class DriftError extends Error {}

const missing = (file: string, what: string) => new DriftError(`${file}: ${what} is not there any more`);

function objectOf(source: SourceFile, name: string): ObjectLiteralExpression | Node | undefined {
  const iface = source.getInterface(name);
  if (iface) return iface;
  const fn = source.getFunction(name);
  if (fn) {
    const returned = fn.getStatements().find((s) => s.isKind(SyntaxKind.ReturnStatement));
    return returned?.asKind(SyntaxKind.ReturnStatement)?.getExpressionIfKind(SyntaxKind.ObjectLiteralExpression);
  }
  // A top-level variable, or else the first of that name inside a function (`rows` in buildSeed).
  const variable =
    source.getVariableDeclaration(name) ??
    source.getFirstDescendant((n) => n.isKind(SyntaxKind.VariableDeclaration) && n.getName() === name);
  const initializer = variable?.asKind(SyntaxKind.VariableDeclaration)?.getInitializer();
  if (initializer?.isKind(SyntaxKind.ObjectLiteralExpression)) return initializer;
  if (initializer?.isKind(SyntaxKind.CallExpression)) {
    return initializer.getArguments()[0]?.asKind(SyntaxKind.ObjectLiteralExpression);
  }
  return undefined;
}

function removeMember(source: SourceFile, holder: Node, name: string, file: string, of: string): void {
  const iface = holder.asKind(SyntaxKind.InterfaceDeclaration);
  const member = iface
    ? iface.getProperty(name)
    : holder.asKindOrThrow(SyntaxKind.ObjectLiteralExpression).getProperty(name);
  if (!member) throw missing(file, `${of}'s ${name}`);
  member.remove();
  void source;
}

function topLevel(source: SourceFile, name: string): (Node & { remove(): void }) | undefined {
  return (
    source.getVariableStatement(name) ??
    source.getFunction(name) ??
    source.getInterface(name) ??
    source.getTypeAlias(name) ??
    undefined
  );
}

/** The identifiers and property accesses under `node` that are one of `names`. */
function uses(node: Node, names: string[]): Node[] {
  return node
    .getDescendants()
    .filter(
      (n) =>
        (n.isKind(SyntaxKind.Identifier) || n.isKind(SyntaxKind.PropertyAccessExpression)) &&
        names.includes(n.getText()),
    );
}

const isJsxChild = (node: Node) =>
  (node.isKind(SyntaxKind.JsxElement) ||
    node.isKind(SyntaxKind.JsxSelfClosingElement) ||
    node.isKind(SyntaxKind.JsxExpression)) &&
  node.getParent()?.isKind(SyntaxKind.JsxElement) === true;

/** Removes, in `fn`, each JSX child that uses one of `names`; fails when there is none. */
function dropJsxUsing(source: SourceFile, fn: string, names: string[], file: string): void {
  let removed = 0;
  for (;;) {
    // Looked up again after each removal: replacing text forgets the nodes found before.
    const body = source.getFunction(fn);
    if (!body) throw missing(file, fn);
    const child = uses(body, names)
      .map((use) => use.getFirstAncestor(isJsxChild))
      .find((node) => node !== undefined);
    if (!child) break;
    child.replaceWithText("");
    removed += 1;
  }
  if (removed === 0) throw missing(file, `JSX in ${fn} that uses ${names.join(", ")}`);
}

/** Named imports nothing in the file uses any more (their own identifier is the one use), removed. */
export function dropUnusedImports(source: SourceFile): void {
  const uses = new Map<string, number>();
  for (const id of source.getDescendantsOfKind(SyntaxKind.Identifier)) {
    // `.primaryKey()` is a method's name, not a use of the imported `primaryKey`.
    const parent = id.getParent();
    if (parent?.isKind(SyntaxKind.PropertyAccessExpression) && parent.getNameNode() === id) continue;
    uses.set(id.getText(), (uses.get(id.getText()) ?? 0) + 1);
  }
  for (const declaration of source.getImportDeclarations()) {
    for (const specifier of declaration.getNamedImports()) {
      const local = specifier.getAliasNode()?.getText() ?? specifier.getName();
      if ((uses.get(local) ?? 0) <= 1) specifier.remove();
    }
    if (
      declaration.getNamedImports().length === 0 &&
      !declaration.getDefaultImport() &&
      !declaration.getNamespaceImport() &&
      declaration.getImportClause()
    ) {
      declaration.remove();
    }
  }
}

const TEST_CALL = /^(it|test|describe)\b/;

/** The statements `it("title", …)`, `test.each(…)("title", …)`… in `source` whose title is `title`. */
function testCases(source: SourceFile, title: string): ExpressionStatement[] {
  return source.getDescendantsOfKind(SyntaxKind.CallExpression).flatMap((call) => {
    const [first] = call.getArguments();
    const titled =
      (first?.isKind(SyntaxKind.StringLiteral) || first?.isKind(SyntaxKind.NoSubstitutionTemplateLiteral)) &&
      first.getLiteralText() === title;
    const statement = call.getParentIfKind(SyntaxKind.ExpressionStatement);
    return titled && statement && TEST_CALL.test(call.getExpression().getText()) ? [statement] : [];
  });
}

/** Makes one edit in memory; throws a DriftError naming the first declaration it cannot find. */
export function applyEdit(source: SourceFile, edit: DemoEdit): void {
  const { file } = edit;
  for (const module of edit.imports ?? []) {
    const declaration = source.getImportDeclaration(module);
    if (!declaration) throw missing(file, `the import of ${module}`);
    declaration.remove();
  }
  for (const module of edit.exportsFrom ?? []) {
    const declaration = source.getExportDeclaration(module);
    if (!declaration) throw missing(file, `the export of ${module}`);
    declaration.remove();
  }
  for (const name of edit.exportedNames ?? []) {
    const specifier = source
      .getExportDeclarations()
      .flatMap((d) => d.getNamedExports())
      .find((s) => s.getName() === name);
    if (!specifier) throw missing(file, `the export ${name}`);
    const declaration = specifier.getExportDeclaration();
    specifier.remove();
    if (declaration.getNamedExports().length === 0) declaration.remove();
  }
  for (const { of, names } of edit.members ?? []) {
    const holder = objectOf(source, of);
    if (!holder) throw missing(file, of);
    for (const name of names) removeMember(source, holder, name, file, of);
  }
  for (const { of, names } of edit.elements ?? []) {
    const array = source.getVariableDeclaration(of)?.getInitializerIfKind(SyntaxKind.ArrayLiteralExpression) as
      | ArrayLiteralExpression
      | undefined;
    if (!array) throw missing(file, `the list ${of}`);
    for (const name of names) {
      const element = array.getElements().find((e) => e.getText() === name);
      if (!element) throw missing(file, `${of}'s ${name}`);
      array.removeElement(element);
    }
  }
  for (const name of edit.declarations ?? []) {
    const declaration = topLevel(source, name);
    if (!declaration) throw missing(file, name);
    declaration.remove();
  }
  for (const { in: fn, names } of edit.jsxUsing ?? []) dropJsxUsing(source, fn, names, file);
  for (const { in: fn, using } of edit.statements ?? []) {
    const body = source.getFunction(fn);
    if (!body) throw missing(file, fn);
    for (const name of using) {
      const statements = body.getStatements().filter((statement) => uses(statement, [name]).length > 0);
      if (statements.length === 0) throw missing(file, `${fn}'s statements that use ${name}`);
      for (const statement of statements.reverse()) statement.remove();
    }
  }
  for (const { of, names } of edit.parameters ?? []) {
    for (const name of names) {
      const parameter = source.getFunction(of)?.getParameter(name);
      if (!parameter) throw missing(file, `${of}'s parameter ${name}`);
      parameter.remove();
    }
  }
  for (const { of, types } of edit.unionMembers ?? []) {
    const union = source.getTypeAlias(of)?.getTypeNode()?.asKind(SyntaxKind.UnionType);
    if (!union) throw missing(file, `the union ${of}`);
    const kept = union.getTypeNodes().filter((member) => {
      const literal = member
        .asKind(SyntaxKind.TypeLiteral)
        ?.getProperty("type")
        ?.getTypeNode()
        ?.asKind(SyntaxKind.LiteralType)
        ?.getLiteral()
        .asKind(SyntaxKind.StringLiteral)
        ?.getLiteralValue();
      return literal === undefined || !types.includes(literal);
    });
    if (kept.length !== union.getTypeNodes().length - types.length) throw missing(file, `${of}'s ${types.join(", ")}`);
    // Each kept member with the comment that precedes it (its doc).
    union.replaceWithText(kept.map((member) => member.getFullText().trim()).join("\n| "));
  }
  for (const { of, text } of edit.describe ?? []) {
    const declaration = source.getFunction(of) ?? source.getTypeAlias(of);
    if (!declaration) throw missing(file, of);
    for (const doc of declaration.getJsDocs()) doc.remove();
    declaration.addJsDoc({ description: text });
  }
  for (const title of edit.tests ?? []) {
    const cases = testCases(source, title);
    if (cases.length === 0) throw missing(file, `the test "${title}"`);
    // Exactly one: a case that stays and came to share the title must not go with the demo's unnoticed.
    if (cases.length > 1)
      throw new DriftError(`${file}: ${cases.length} tests are titled "${title}"; make the title unique`);
    cases[0]?.remove();
  }
  for (const tag of edit.jsx ?? []) {
    const elements = source
      .getDescendantsOfKind(SyntaxKind.JsxSelfClosingElement)
      .filter((e) => e.getTagNameNode().getText() === tag);
    if (elements.length === 0) throw missing(file, `<${tag} />`);
    for (const element of elements.reverse()) element.replaceWithText("");
  }
  dropUnusedImports(source);
}

const dataLayer = (dialect: "sqlite" | "pg", create: string): DemoEdit => ({
  file: `packages/db/src/${dialect}/data.ts`,
  imports: ["comments", "likes", "post-exports", "posts", "reports"].map((d) => `../data/${d}/${dialect}`),
  members: [{ of: create, names: ["posts", "comments", "likes", "postExports", "reports"] }],
});

const schema = (dialect: "sqlite" | "pg"): DemoEdit => ({
  file: `packages/db/src/schema/${dialect}.ts`,
  declarations: ["posts", "comments", "likes", "postExports"],
});

/** The seed's inserts of the demo's rows, on one dialect. */
const seedInserts = (dialect: "sqlite" | "pg"): DemoEdit => ({
  file: `packages/db/src/${dialect}/client.ts`,
  statements: [{ in: "insertSeedRows", using: ["schema.posts", "schema.comments", "schema.likes"] }],
});

/** Every shared file's edit. */
export const DEMO_EDITS: DemoEdit[] = [
  {
    file: "packages/validators/src/index.ts",
    exportsFrom: ["./comment", "./like", "./post"],
  },
  {
    file: "packages/validators/src/views.ts",
    declarations: [
      "timestamp",
      "examplePostId",
      "exampleTime",
      "postView",
      "commentView",
      "likeState",
      "postPage",
      "commentPage",
    ],
  },
  { file: "packages/validators/src/jobs.ts", declarations: ["exportIdInput"] },
  schema("sqlite"),
  schema("pg"),
  { file: "packages/db/src/schema/shared.ts", declarations: ["exportStatuses", "ExportStatus"] },
  { file: "packages/db/src/schema/index.ts", exportedNames: ["ExportStatus", "exportStatuses"] },
  {
    file: "packages/db/src/data/types.ts",
    members: [{ of: "DataLayer", names: ["posts", "comments", "postExports", "reports", "likes"] }],
    declarations: ["PostView", "PostEdit", "CommentView", "LikeState", "PostExport", "WeeklyDigest"],
  },
  {
    file: "packages/db/src/index.ts",
    exportedNames: ["CommentView", "LikeState", "PostEdit", "PostExport", "PostView", "WeeklyDigest", "ExportStatus"],
  },
  dataLayer("sqlite", "createSqliteData"),
  dataLayer("pg", "createPgData"),
  {
    file: "packages/jobs/src/jobs/index.ts",
    imports: ["./posts-export", "./weekly-digest"],
    elements: [{ of: "appJobs", names: ["weeklyDigest", "postsExport"] }],
    declarations: ["DAY_MS", "weekOf", "enqueueWeeklyDigests"],
    exportsFrom: ["./posts-export", "./weekly-digest"],
    exportedNames: ["postsExport", "weeklyDigest"],
  },
  {
    file: "packages/jobs/src/index.ts",
    exportedNames: ["enqueueWeeklyDigests", "exportFileName", "POSTS_CSV_HEADER", "weekOf"],
  },
  {
    file: "packages/api/src/root.ts",
    imports: ["./routers/comment", "./routers/like", "./routers/post"],
    members: [{ of: "appRouter", names: ["post", "comment", "like"] }],
  },
  {
    file: "packages/api/src/routers/admin.ts",
    imports: ["./admin-exports"],
    members: [{ of: "adminRouter", names: ["exports"] }],
  },
  { file: "packages/api/src/routers/admin-jobs.ts", members: [{ of: "adminJobsRouter", names: ["sendDigests"] }] },
  {
    file: "packages/api/src/events/types.ts",
    exportedNames: ["PostEdit"],
    unionMembers: [
      {
        of: "TrellisEvent",
        types: [
          "post.created",
          "post.updated",
          "post.deleted",
          "comment.created",
          "comment.updated",
          "comment.deleted",
          "like.changed",
        ],
      },
    ],
    describe: [
      {
        of: "TrellisEvent",
        text: "What happened, for everyone watching: never viewer-specific (docs/decisions/043). Your resources'\nevents join this union. `content.changed`: a signed-in write happened (the front door sends it after\neach, ADR 037), so cached public pages may be stale.",
      },
    ],
  },
  { file: "packages/api/src/events/index.ts", exportsFrom: ["./changes"], exportedNames: ["PostEdit"] },
  // The demo's events' shapes through the bus; the bus still carries `content.changed` in its own case.
  {
    file: "packages/server/src/events/bus.test.ts",
    tests: ["carries every kind of event as it was published, Dates as Dates"],
  },
  // The posts and comment the hostile walk aims at (the walk itself covers whatever procedures stay).
  {
    file: "packages/server/src/hostile-input.test.ts",
    declarations: ["alicePost", "aliceComment", "bobPost"],
    members: [{ of: "targetIds", names: ["post", "comment"] }],
    elements: [{ of: "cursors", names: ["encodeCursor(alicePost)", "encodeCursor(bobPost)"] }],
    statements: [{ in: "restoreTargets", using: ["alicePost", "aliceComment", "posts", "comments"] }],
    describe: [
      {
        of: "restoreTargets",
        text: "Puts back what a successful hostile call may have changed — a role — so later runs still find\ntheir targets.",
      },
    ],
  },
  { file: "packages/api/src/trpc.ts", members: [{ of: "ownerOf", names: ["post", "comment"] }] },
  { file: "apps/web/src/app/(trpc)/admin/page.tsx", imports: ["@/components/admin-export"], jsx: ["AdminExport"] },
  {
    file: "apps/web/src/components/admin-jobs.tsx",
    jsxUsing: [{ in: "AdminJobs", names: ["sendDigests"] }],
    statements: [{ in: "AdminJobs", using: ["sendDigests", "queryClient"] }],
  },
  {
    file: "packages/db/src/database.ts",
    members: [{ of: "SeedRows", names: ["posts", "comments", "likes"] }],
  },
  seedInserts("sqlite"),
  seedInserts("pg"),
  {
    file: "packages/db/src/seed.ts",
    members: [{ of: "rows", names: ["posts", "comments", "likes"] }],
    statements: [{ in: "buildSeed", using: ["rows.posts", "hour", "userAt"] }],
    parameters: [{ of: "buildSeed", names: ["now"] }],
    describe: [
      {
        of: "buildSeed",
        text: "The seed's rows: five users, two of whom can sign in (SEED_PASSWORD_HASHES).\nBuilt in memory so both dialects insert exactly the same.",
      },
    ],
    declarations: ["topics", "remarks"],
  },
  // Suites of what stays that test the demo too: the demo's own cases go; the runtime's, rewritten onto
  // users, accounts, API tokens and jobs, stay.
  {
    file: "packages/db/src/data/data.test.ts",
    tests: ["the feed query", "posts", "cascades and foreign keys", "comments", "likes"],
  },
  { file: "packages/db/src/data/jobs-data.test.ts", tests: ["post exports", "the weekly digest"] },
  {
    file: "packages/db/src/seed.test.ts",
    tests: ["fills it with 30 posts, comments and likes", "leaves its posts alone too", "buildSeed"],
  },
  { file: "packages/jobs/src/jobs/jobs.test.ts", tests: ["report.weekly-digest", "export.posts-csv"] },
  // The generator refuses the demo's names while the demo is there (once it is gone they are free), and its
  // undo's refusal of a hand-written resource is shown on the posts, the one hand-written resource there is.
  {
    file: "scripts/gen/resource.test.ts",
    tests: [
      "refuses %j, a resource of the demo's",
      "undoes nothing that is not exactly what it wrote: a hand-written resource is refused",
    ],
  },
  // The initials badge: the header's case stays, the feed's goes.
  {
    file: "tests/e2e/avatar.spec.ts",
    tests: ["a name starting a word with an emoji: the feed shows its initials and hydrates cleanly"],
  },
  // The walk stays whole, its owner step too (`pnpm gen --owned` adds its rows to ownerInputs); the demo's
  // rows and inputs go, and the check that they outlived everyone else's attempts.
  {
    file: "packages/api/src/access.test.ts",
    declarations: ["post", "comment"],
    members: [{ of: "ownerInputs", names: ['"post.update"', '"post.delete"', '"comment.update"', '"comment.delete"'] }],
    tests: ["leaves Alice's things to her after everyone else's attempts"],
  },
  {
    file: "packages/api/src/concurrency.test.ts",
    tests: [
      "200 simultaneous likes count to exactly 200, each seeing its own place in line",
      "two simultaneous likes by one user: one lands, the other is a CONFLICT; two unlikes both succeed",
      "100 simultaneous posts all land, each once",
    ],
  },
  {
    file: "packages/api/src/routers/admin-jobs.test.ts",
    tests: ["queues one weekly digest per user, once per week", "admin.exports"],
  },
  // The lean handler's differential: the demo's procedures and their fixtures go; the protocol's cases stay on accounts.
  {
    file: "packages/server/src/http/lean-handler.test.ts",
    members: [{ of: "fixtures", names: ["post", "comment"] }],
    elements: [{ of: "caseGroups", names: ["demoCases"] }],
    declarations: ["demoCases"],
    statements: [{ in: "side", using: ["post"] }],
    describe: [{ of: "side", text: "One side: a fresh database with the same cast (Alice, Bob, Ada; tokens)." }],
    tests: ["a subscription"],
  },
  // REST on Node's path: what only the posts' routes can show (writes, a feed worth compressing) goes with them.
  {
    file: "packages/server/src/http/rest-on-node.test.ts",
    members: [{ of: "fixtures", names: ["post"] }],
    elements: [{ of: "caseGroups", names: ["demoCases"] }],
    declarations: ["demoCases", "postsWorthCompressing", "feed"],
    statements: [{ in: "side", using: ["post"] }],
    tests: [
      "a body over the limit, sent in chunks without a Content-Length",
      "gzips a read worth it for a client that accepts gzip, and says it varies by the encoding",
      "leaves a refusing client alone",
      "gzipped on Node's path for a client that accepts gzip",
    ],
  },
  // The OpenAPI document's checks run over whatever routes there are; only the posts' own presence goes.
  {
    file: "packages/server/src/rest/document.test.ts",
    members: [{ of: "idMakers", names: ["posts", "comments"] }],
    tests: ["documents the posts' routes", "has examples of the posts' schemas"],
  },
  // The REST handler: its cases on /me and unknown routes stay; the posts' own (and every write's) go with them.
  {
    file: "packages/server/src/rest/rest.test.ts",
    tests: [
      "201: POST /posts creates, with a Location that reads it back",
      "200: GET /posts pages by cursor, dates as ISO strings",
      "204: DELETE /posts/{id} answers with no body, and the post is gone",
      "400: invalid input lists each failing field",
      "400: a body left out says exactly what the form says for one left empty",
      "400: a malformed id, a bad cursor, a limit out of range, unparseable JSON",
      "401: writing without credentials",
      "403: a read-only token can read but not write",
      "404: someone else's post, a missing one, and an unknown route, all as problems",
      "405 on the posts' paths names their methods",
      "200: PATCH /posts/{id} changes only the fields it names",
      "409: liking a post twice conflicts",
      "415: a body that is not JSON",
      "a 400's body holds only the problem fields and its errors",
      "REST /api/v1: bodies",
      "OPTIONS on the posts' paths",
      "HEAD on the posts' paths",
      "400: a body sent to an operation that takes none, whatever the method",
      "413: a body over 100 kB without a Content-Length is refused too",
      "401 without credentials carries a bearer challenge",
      "the posts' errors challenge nobody",
      "the posts' answers to credentials are private, no-store; their anonymous reads public, no-cache",
      "a post's read has an ETag and answers 304 to it; writes and errors have none",
    ],
  },
  // End-to-end specs whose other cases test what stays, on accounts, tokens and the admin's pages.
  {
    file: "tests/e2e/budgets.spec.ts",
    tests: [
      "what the feed fetches once hydrated stays within its budget, and none of it came up front",
      "viewing the feed renders no post page on the server until one is opened",
    ],
    declarations: ["AFTER_HYDRATION_JS_BUDGET_GZIP"],
  },
  {
    file: "tests/e2e/client.spec.ts",
    tests: [
      "the CLI lists posts with a read token, and is refused writing one",
      "a read-write token writes posts through the CLI, which says which field it refused",
      "the CLI explains its posts commands and refuses a flag they do not take",
      "the CLI's `posts watch` prints each new post as it is written",
      "the example script lists and creates posts with a token",
    ],
  },
  {
    file: "tests/e2e/jobs.spec.ts",
    tests: ["an admin exports the posts as CSV: the file holds exactly the posts in the database"],
    declarations: ["allPosts"],
  },
  {
    file: "tests/e2e/page-cache.spec.ts",
    tests: [
      "a signed-out reader's second read of the feed and of a post is answered from the cache",
      "a signed-in reader is never answered from the cache, and sees their own post and like at once",
      "every write is in the next signed-out read of the same instance",
      "a write on one instance is in the signed-out reads on the other once it hears of it",
    ],
    declarations: ["everyWriteShows", "likesIn"],
  },
  {
    file: "tests/e2e/primitives.spec.ts",
    tests: [
      "deleting a post asks first: Cancel keeps it, confirming deletes it",
      "deleting a comment asks first: Cancel keeps it, confirming deletes it and focus goes to the thread",
    ],
  },
  {
    file: "tests/e2e/security.spec.ts",
    tests: ["a post whose title and body are XSS payloads renders as text and runs nothing; the page still works"],
  },
  // The sign-up journey that writes a post, and whom it lets touch it, goes; the account's own journeys stay.
  {
    file: "tests/e2e/auth.spec.ts",
    tests: ["sign up, write a post; another user cannot touch it, an admin can delete it"],
  },
  // REST over a token: the posts' writes, likes and methods go; the bearer challenge stays, on /me.
  {
    file: "tests/e2e/rest-api.spec.ts",
    tests: [
      "REST with a bearer token: create, read via Location, like, delete — and the browser sees it",
      "/docs/api lists the post routes, and try-it-out calls the running app",
      "signed in, try-it-out writes with the session cookie",
      "OPTIONS lists only what a path serves; a write that takes no body refuses one",
    ],
  },
  // An empty production start: no users and no demo accounts stays; "no posts" goes with the posts.
  { file: "tests/e2e/production-start.spec.ts", tests: ["a new production database has no posts"] },
  // Every page the app keeps is checked; a post's page goes, and what found one.
  {
    file: "tests/e2e/accessibility.spec.ts",
    elements: [{ of: "PAGES", names: ['{ name: "post", path: ({ page }) => firstPostPath(page) }'] }],
    declarations: ["firstPostPath"],
  },
  // The reference is checked on GET /me, which stays; the posts' write form goes with them.
  {
    file: "tests/e2e/api-reference.spec.ts",
    tests: ["/docs/api: a write's body editor starts from its example, with no serious axe violation"],
  },
  // The server's runtime, on the account's procedures and GET /me: what goes is the feed's page cache, REST's
  // body limit (only the posts' routes take a body) and the feed's subscription among the streams SIGTERM cuts.
  {
    file: "tests/e2e/parity.spec.ts",
    elements: [{ of: "LIVE_SUBSCRIPTIONS", names: ['"post.onCreated"'] }],
    tests: [
      "a signed-out reader's reads of the feed come from the page cache, with a fresh nonce each, but under next dev",
      "a body over 100 kB is a 413 on REST",
    ],
  },
  { file: "tests/e2e/operations.spec.ts", elements: [{ of: "LIVE_SUBSCRIPTIONS", names: ['"post.onCreated"'] }] },
  // The relocated artifact keeps its pages, sign-up, tRPC, REST on /me and the drain; the feed and its live events go.
  {
    file: "tests/e2e/artifact.spec.ts",
    elements: [{ of: "SERVED_TOO", names: ["feedAndLiveEvents"] }],
    declarations: ["feedAndLiveEvents"],
  },
  // The CLI keeps login, whoami, profile and rename; its `posts` commands are their own file (DEMO_FILES).
  {
    file: "packages/client/src/cli.ts",
    imports: ["./post-commands"],
    members: [{ of: "COMMANDS", names: ["posts"] }],
  },
  // The example script keeps showing the account; its posts are one function.
  {
    file: "examples/node-script/src/main.ts",
    declarations: ["listAndWritePosts"],
    statements: [{ in: "main", using: ["listAndWritePosts"] }],
  },
  // The soak keeps the account's reads and writes under load; the demo's requests and their seed go.
  {
    file: "bench/soak.ts",
    imports: ["./large-seed"],
    declarations: ["seedPosts", "postIds", "trpcInput", "randomPost", "lastLiked", "demoRequests"],
    elements: [{ of: "requests", names: ["...demoRequests"] }],
  },
];

/** Applies every edit in memory; returns the files changed (not yet saved). */
export function applyDemoEdits(project: Project, root: string): string[] {
  for (const edit of DEMO_EDITS) applyEdit(project.addSourceFileAtPath(`${root}/${edit.file}`), edit);
  return DEMO_EDITS.map((edit) => edit.file);
}
