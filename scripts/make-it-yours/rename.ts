/**
 * `pnpm rename <scope> <app name>`: makes the starter yours in one step
 * (docs/make-it-yours.md, ADR 054). For `pnpm rename @acme "Acme Notes"`:
 *
 *   @trellis/db        → @acme/db        every package name, dependency, import and mention
 *   Trellis            → Acme Notes      titles, headers, emails, the OpenAPI title, docs
 *   trellis (the CLI)  → acme-notes      the client's bin, its usage text and docs/client.md
 *   trl_… (API tokens) → acm_…           packages/auth/src/tokens.ts, tests and docs
 *
 * and a few lowercase defaults two renamed apps must not share (rewrites.ts),
 * then regenerates the lockfile (from the local store) and formats what it changed. It looks
 * for the names the repository has now (STARTER in names.ts, rewritten at the
 * end), so a second rename starts from the first one's names.
 * Each kind of file is edited by its own structure: package.json files as
 * JSON, TypeScript and JavaScript by syntax tree (only strings, template text,
 * JSX text, regular expressions and comments: identifiers such as
 * `createTrellisClient` are API and keep their names), other JSON with
 * jsonc-parser (comments kept), and prose (Markdown, YAML, Dockerfile) as text.
 *
 *   pnpm rename @acme "Acme Notes" [--token-prefix acn_] [--dry-run]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, sep } from "node:path";
import { parseArgs } from "node:util";

import { type JSONVisitor, visit } from "jsonc-parser";
import { Node, Project, type SourceFile, SyntaxKind, ts } from "ts-morph";

import { type Names, namesFor, STARTER } from "./names";
import { type Rewrite, rewrite, rewritesFor } from "./rewrites";

const ROOT = join(import.meta.dirname, "..", "..");

/** The file whose constant is the token prefix the parser checks; the rename fails if it moved. */
const TOKEN_PREFIX_FILE = "packages/auth/src/tokens.ts";
const TOKEN_PREFIX_CONSTANT = "API_TOKEN_PREFIX";
/** Where the starter's names are kept, for the next rename. */
const NAMES_FILE = "scripts/make-it-yours/names.ts";
/** The client package, whose `bin` is the CLI's command. */
const CLIENT_PACKAGE = "packages/client/package.json";
/** Files that describe the rename itself, with the starter's names as examples: left as they are. */
const LEFT_ALONE = [
  "scripts/make-it-yours/",
  "tests/scenarios/rename.ts",
  "tests/scenarios/rename-unchanged.ts",
  "docs/make-it-yours.md",
  "docs/decisions/054-",
  "pnpm-lock.yaml",
];

const CODE = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs"]);
const PROSE = new Set([".md", ".yaml", ".yml", ".svg", ".css", ".txt", ".example", ".html", ".sh", ""]);

/** A text edit: the range [start, end) of the original becomes `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

function applyEdits(original: string, edits: Edit[]): string {
  let result = original;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/** Node kinds whose text is a value or prose, never a name the code binds. */
const VALUE_KINDS = new Set([
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateHead,
  SyntaxKind.TemplateMiddle,
  SyntaxKind.TemplateTail,
  SyntaxKind.RegularExpressionLiteral,
  SyntaxKind.JsxText,
]);

/** The edits to one TypeScript or JavaScript file: its values and comments, each rewritten. */
function codeEdits(source: SourceFile, rewrites: Rewrite[]): Edit[] {
  const text = source.getFullText();
  const edits: Edit[] = [];
  const seenComments = new Set<number>();
  const rewriteRange = (start: number, end: number) => {
    const before = text.slice(start, end);
    const after = rewrite(before, rewrites);
    if (after !== before) edits.push({ start, end, text: after });
  };
  const comments = (position: number) => {
    for (const ranges of [ts.getLeadingCommentRanges(text, position), ts.getTrailingCommentRanges(text, position)]) {
      for (const range of ranges ?? []) {
        if (seenComments.has(range.pos)) continue;
        seenComments.add(range.pos);
        rewriteRange(range.pos, range.end);
      }
    }
  };
  // Every node and token (a comment after a comma belongs to the comma token), each comment once.
  for (const node of source.getDescendants()) {
    comments(node.getFullStart());
    comments(node.getEnd());
    if (VALUE_KINDS.has(node.getKind())) rewriteRange(node.getStart(), node.getEnd());
  }
  comments(source.getEnd());
  return edits;
}

/** The edits to a JSON file with comments: its strings (keys and values) and comments. */
function jsonEdits(text: string, rewrites: Rewrite[]): Edit[] {
  const edits: Edit[] = [];
  const rewriteRange = (offset: number, length: number) => {
    const before = text.slice(offset, offset + length);
    const after = rewrite(before, rewrites);
    if (after !== before) edits.push({ start: offset, end: offset + length, text: after });
  };
  const visitor: JSONVisitor = {
    onLiteralValue: (_value, offset, length) => rewriteRange(offset, length),
    onObjectProperty: (_property, offset, length) => rewriteRange(offset, length),
    onComment: (offset, length) => rewriteRange(offset, length),
  };
  visit(text, visitor, { allowTrailingComma: true, disallowComments: false });
  return edits;
}

type Manifest = {
  name?: string;
  description?: string;
  bin?: Record<string, string>;
  scripts?: Record<string, string>;
} & Partial<Record<(typeof DEPENDENCY_FIELDS)[number], Record<string, string>>>;

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/** A package.json, parsed and written back in npm's own layout (two spaces, a final newline). */
function renamePackage(file: string, text: string, names: Names, rewrites: Rewrite[]): string {
  const manifest = JSON.parse(text) as Manifest;
  const renameKeys = (record: Record<string, string>) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [rewrite(key, rewrites), value]));
  if (manifest.name === STARTER.bin) manifest.name = names.bin;
  else if (manifest.name) manifest.name = rewrite(manifest.name, rewrites);
  if (manifest.description) manifest.description = rewrite(manifest.description, rewrites);
  for (const field of DEPENDENCY_FIELDS) {
    const dependencies = manifest[field];
    if (dependencies) manifest[field] = renameKeys(dependencies);
  }
  if (manifest.scripts) {
    manifest.scripts = Object.fromEntries(
      Object.entries(manifest.scripts).map(([key, value]) => [key, rewrite(value, rewrites)]),
    );
  }
  if (file === CLIENT_PACKAGE) {
    const binFile = manifest.bin?.[STARTER.bin];
    if (!binFile) throw new Error(`${file}: no "bin" named "${STARTER.bin}": has the CLI been renamed already?`);
    manifest.bin = { [names.bin]: join(dirname(binFile), `${names.bin}.js`).replace(/^(?!\.)/, "./") };
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** What is never source: installs, builds and test output, anywhere (the directories .gitignore names). */
const NOT_SOURCE = new Set([".git", "node_modules", ".next", "dist", "coverage", "test-results", "playwright-report"]);
/** The same for the directories .gitignore names from the root. */
const NOT_SOURCE_AT_ROOT = ["data/", "screenshots/", ".test-results/", "bench/types/generated/"];

/**
 * The files git knows (tracked, or new and not ignored), relative to the root; outside a git
 * checkout (a downloaded archive), every file outside NOT_SOURCE's directories.
 */
function repositoryFiles(): string[] {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const files =
    listed.status === 0
      ? listed.stdout.split("\0")
      : readdirSync(ROOT, { recursive: true, encoding: "utf8" }).filter(
          (file) =>
            !file.split(sep).some((part) => NOT_SOURCE.has(part)) &&
            !NOT_SOURCE_AT_ROOT.some((prefix) => file.startsWith(prefix)),
        );
  return files.filter((file) => file && statSync(join(ROOT, file), { throwIfNoEntry: false })?.isFile());
}

/** Fails before any edit when the token prefix's constant moved or changed: the parser would be left behind. */
function checkTokenPrefix(project: Project): SourceFile {
  const source = project.addSourceFileAtPath(join(ROOT, TOKEN_PREFIX_FILE));
  const declaration = source.getVariableDeclaration(TOKEN_PREFIX_CONSTANT);
  const value = declaration?.getInitializerIfKind(SyntaxKind.StringLiteral)?.getLiteralValue();
  if (value !== STARTER.tokenPrefix) {
    throw new Error(
      `${TOKEN_PREFIX_FILE}: expected ${TOKEN_PREFIX_CONSTANT} = "${STARTER.tokenPrefix}", found ${value === undefined ? "no such constant" : `"${value}"`}`,
    );
  }
  return source;
}

/** Writes the new names into names.ts's STARTER, so that a second rename starts from them. */
function rememberNames(project: Project, names: Names): void {
  const source = project.addSourceFileAtPath(join(ROOT, NAMES_FILE));
  const starter = source
    .getVariableDeclarationOrThrow("STARTER")
    .getInitializerIfKindOrThrow(SyntaxKind.AsExpression)
    .getExpressionIfKindOrThrow(SyntaxKind.ObjectLiteralExpression);
  for (const key of ["scope", "appName", "bin", "tokenPrefix"] as const) {
    const property = starter.getPropertyOrThrow(key);
    if (Node.isPropertyAssignment(property)) property.setInitializer(JSON.stringify(names[key]));
  }
  source.saveSync();
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${[command, ...args].join(" ")} exited ${result.status}`);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { "token-prefix": { type: "string" }, "dry-run": { type: "boolean" } },
  });
  const [scope, appName] = positionals;
  if (!scope || !appName || positionals.length !== 2) {
    throw new Error('Usage: pnpm rename <scope> "<app name>" [--token-prefix abc_] [--dry-run]');
  }
  const names = namesFor(scope, appName, values["token-prefix"]);
  const dryRun = values["dry-run"] === true;

  const project = new Project({ useInMemoryFileSystem: false, skipAddingFilesFromTsConfig: true });
  checkTokenPrefix(project);

  const changed: string[] = [];
  for (const file of repositoryFiles()) {
    if (LEFT_ALONE.some((prefix) => file.startsWith(prefix))) continue;
    const extension = extname(file);
    const name = basename(file);
    const path = join(ROOT, file);
    const rewrites = rewritesFor(STARTER, names, file);
    let before: string;
    let after: string;
    if (name === "package.json") {
      before = readFileSync(path, "utf8");
      after = renamePackage(file, before, names, rewrites);
    } else if (CODE.has(extension)) {
      const source = project.getSourceFile(path) ?? project.addSourceFileAtPath(path);
      before = source.getFullText();
      after = applyEdits(before, codeEdits(source, rewrites));
    } else if (extension === ".json" || extension === ".jsonc") {
      before = readFileSync(path, "utf8");
      after = applyEdits(before, jsonEdits(before, rewrites));
    } else if (PROSE.has(extension) || name === "Dockerfile") {
      before = readFileSync(path, "utf8");
      if (before.includes("\0")) continue;
      after = rewrite(before, rewrites);
    } else {
      continue;
    }
    if (after === before) continue;
    changed.push(file);
    if (!dryRun) writeFileSync(path, after);
  }

  const binFrom = join("packages", "client", "bin", `${STARTER.bin}.js`);
  const binTo = join("packages", "client", "bin", `${names.bin}.js`);
  console.log(
    `${dryRun ? "would change" : "changed"} ${changed.length} files; ${binFrom} → ${binTo}\n` +
      `  scope ${STARTER.scope} → ${names.scope}, name ${STARTER.appName} → ${names.appName}, ` +
      `CLI ${STARTER.bin} → ${names.bin}, token prefix ${STARTER.tokenPrefix} → ${names.tokenPrefix}`,
  );
  if (dryRun) {
    for (const file of changed) console.log(`  ${file}`);
    return;
  }
  if (binFrom !== binTo) renameSync(join(ROOT, binFrom), join(ROOT, binTo));
  rememberNames(project, names);

  // New names sort differently: imports are re-ordered, and longer names may wrap.
  const formattable = [...changed.filter((file) => existsSync(join(ROOT, file))), binTo, NAMES_FILE];
  run("pnpm", ["exec", "biome", "check", "--write", "--no-errors-on-unmatched", ...formattable]);
  // Not frozen, whatever CI says: the lockfile is what changes here. Offline first: the packages are all
  // in the store. But re-resolving reads their registry metadata, which a machine that has only ever
  // installed from a lockfile has not cached; then pnpm fetches just that (--prefer-offline).
  try {
    run("pnpm", ["install", "--offline", "--no-frozen-lockfile"]);
  } catch {
    console.log("The registry metadata is not cached here: installing again with --prefer-offline.");
    run("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"]);
  }
  console.log(`Done: ${names.appName} (${names.scope}/*). Review with \`git diff\`, then run \`pnpm typecheck\`.`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
