/**
 * Follows docs/adding-a-resource.md on a scratch copy of the repository, as a
 * newcomer would, and proves the page is whole: every code block that names a
 * file is applied, both migrations are generated, and the type-check and the
 * tests the page names pass. A page that drifted from the code (an anchor
 * line that moved, a step left out) fails here, naming the step.
 *
 *   pnpm exec tsx tests/scenarios/adding-a-resource.ts            (≈90 s; KEEP_SCRATCH=1 keeps the copy)
 *
 * The copy gets its own install from the local pnpm store (no network) and
 * is removed at the end. Exits 1 on the first failed step.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { REPO_ROOT } from "../../scripts/production-build.mjs";
import { run, scratchCopy } from "./scratch";

const GUIDE = "docs/adding-a-resource.md";

/** The tests the page's steps touch: those with a database run on SQLite and on PGlite, the rest once. */
const TESTS = [
  "packages/api/src/routers/tag.test.ts",
  "packages/api/src/access.test.ts",
  "packages/server/src/http/lean-handler.test.ts",
  "packages/server/src/rest/document.test.ts",
  "packages/db/src/schema",
];

/** One code block of the page that names a file: what to write where. */
interface Step {
  file: string;
  /** Insert after / before the one line that reads exactly so, or take its place; absent: a new file. */
  anchor?: { where: "after" | "before" | "replace"; line: string };
  /** Add at the end of the file. */
  append?: boolean;
  code: string;
  /** Where it is on the page, for errors. */
  pageLine: number;
}

/** ```ts file=path after="line"``` (or before=, replace=, append) → a Step. Quotes inside a value are escaped as \". */
export function stepsOf(markdown: string): Step[] {
  const steps: Step[] = [];
  const fence = /^```[a-z]+ (file=.*)\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) {
    const [, info = "", code = ""] = match;
    const pageLine = markdown.slice(0, match.index).split("\n").length;
    const file = /^file=(\S+)/.exec(info)?.[1];
    if (!file) throw new Error(`${GUIDE}:${pageLine}: a block's "file=" names no file`);
    const anchor = /\b(after|before|replace)="((?:[^"\\]|\\.)*)"/.exec(info);
    steps.push({
      file,
      code,
      pageLine,
      append: /\sappend\b/.test(info),
      ...(anchor
        ? {
            anchor: {
              where: anchor[1] as "after" | "before" | "replace",
              line: (anchor[2] ?? "").replaceAll('\\"', '"'),
            },
          }
        : {}),
    });
  }
  return steps;
}

function apply(root: string, step: Step): void {
  const path = join(root, step.file);
  const where = `${GUIDE}:${step.pageLine} (${step.file})`;
  if (step.append) {
    if (!existsSync(path)) throw new Error(`${where}: the page adds to this file, which does not exist`);
    writeFileSync(path, `${readFileSync(path, "utf8").replace(/\n*$/, "\n\n")}${step.code}`);
    return;
  }
  if (!step.anchor) {
    if (existsSync(path)) throw new Error(`${where}: the page creates this file, but it exists already`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, step.code);
    return;
  }
  if (!existsSync(path)) throw new Error(`${where}: the page edits this file, which does not exist`);
  const lines = readFileSync(path, "utf8").split("\n");
  const at = lines.flatMap((line, index) => (line === step.anchor?.line ? [index] : []));
  if (at.length !== 1) {
    throw new Error(`${where}: the line ${JSON.stringify(step.anchor.line)} is there ${at.length} times, not once`);
  }
  const index = at[0] ?? 0;
  const code = step.code.replace(/\n$/, "").split("\n");
  if (step.anchor.where === "after") lines.splice(index + 1, 0, ...code);
  else if (step.anchor.where === "before") lines.splice(index, 0, ...code);
  else lines.splice(index, 1, ...code);
  writeFileSync(path, lines.join("\n"));
}

/** The migration files of one dialect, by name. */
const migrationsIn = (root: string, dialect: "sqlite" | "pg") =>
  readdirSync(join(root, "packages", "db", "migrations", dialect)).filter((name) => name.endsWith(".sql"));

function generateMigrations(root: string): void {
  for (const [dialect, url] of [
    ["sqlite", ""],
    ["pg", "postgres://localhost/unused"],
  ] as const) {
    const before = new Set(migrationsIn(root, dialect));
    run(`pnpm db:generate (${dialect})`, root, "pnpm", ["db:generate"], url ? { DATABASE_URL: url } : {});
    const added = migrationsIn(root, dialect).filter((name) => !before.has(name));
    const sql = added.map((name) => readFileSync(join(root, "packages", "db", "migrations", dialect, name), "utf8"));
    if (added.length !== 1 || !/CREATE TABLE [`"]tags[`"]/.test(sql.join("\n"))) {
      throw new Error(`drizzle-kit wrote ${JSON.stringify(added)} for ${dialect}, not one migration creating "tags"`);
    }
    console.log(`    ${dialect}: ${added[0]}`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const steps = stepsOf(readFileSync(join(REPO_ROOT, GUIDE), "utf8"));
  const files = new Set(steps.map((step) => step.file));
  console.log(`${GUIDE}: ${steps.length} code blocks in ${files.size} files`);

  const { root } = scratchCopy("trellis-adding-a-resource-");
  console.log(`  scratch copy: ${root}`);
  try {
    run("pnpm install (offline, from the local store)", root, "pnpm", ["install", "--offline", "--frozen-lockfile"]);
    for (const step of steps) apply(root, step);
    console.log(`  ✓ applied ${steps.length} blocks`);
    // The page's blocks are written at whatever indent reads best there (and the formatter keeps them so).
    run("biome format of the files the page touched", root, "pnpm", ["exec", "biome", "format", "--write", ...files]);
    generateMigrations(root);
    run("pnpm typecheck", root, "pnpm", ["typecheck"]);
    run("pnpm lint", root, "pnpm", ["lint"]);
    run("the tests the page names (unit, sqlite, pglite)", root, "pnpm", [
      "exec",
      "vitest",
      "run",
      ...TESTS,
      // The schema's twin and migration tests need no database: they run in "unit".
      "--project",
      "unit",
      "--project",
      "sqlite",
      "--project",
      "pglite",
    ]);
    console.log(
      `${GUIDE} holds: ${files.size} files written, 2 migrations generated, ` +
        `in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    if (process.env.KEEP_SCRATCH) console.log(`  kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
