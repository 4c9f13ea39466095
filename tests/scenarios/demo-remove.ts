/**
 * `pnpm demo:remove` on a scratch copy of the repository, then the proof that
 * what is left is whole without the demo: its files are gone, no code uses it
 * any more, a `remove_demo` migration drops its tables on both dialects, no
 * package.json script runs a deleted file, a second run says the demo is
 * removed already and changes nothing, and the type-check, the lint, the
 * format check and every test of the unit, SQLite and PGlite projects pass.
 * Then the rest of what `pnpm test` runs on SQLite: the production build, the
 * short crash and soak runs, and every end-to-end spec (Playwright, on the
 * built app), the accessibility gate on two of its eight combinations (the
 * home page is new; A11Y_LEFT_OUT below).
 *
 *   pnpm scenario:demo-remove   (15 min on an idle 2-core machine; KEEP_SCRATCH=1 keeps the copy)
 *
 * The copy gets its own install from the local pnpm store (no network) and
 * is removed at the end. Exits 1 on the first failed step.
 * docs/decisions/056-demo-remove-by-lists-and-syntax-tree.md says what the
 * removal keeps.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

import { DEMO_PATHS, DEMO_USE } from "../../scripts/make-it-yours/demo-files";
import { DEMO_SCRIPTS, scriptsOf } from "../../scripts/make-it-yours/demo-scripts";
import { HOME_PAGE_PATH } from "../../scripts/make-it-yours/templates/home-page";
import { run, scratchCopy } from "./scratch";

/**
 * The whole of the three projects, not a chosen few like rename.ts's TESTS:
 * the removal edits the data layer's contract, the schema, the root router,
 * the job list and the seed, which nearly every test with a database imports,
 * so a set chosen by what the removal reaches is nearly the whole anyway; and
 * the point is that the runtime stays tested without the demo. About 4 min
 * on an idle 2-core machine; only the end-to-end specs take longer (8 min).
 */
const PROJECTS = ["unit", "sqlite", "pglite"];

/**
 * The accessibility gate's combinations left out after the removal: two of its eight stay, one signed
 * out at a phone's width in light, one signed in at a desktop's in dark, so each page, state, width and
 * scheme is judged at least once. What the removal changes is the home page and what the header links
 * to; every combination ran on the whole app in the main run, and each costs about 45 s of a worker.
 * Of api-reference.spec.ts's four /docs/api checks, the phone's in light stays.
 */
export const A11Y_LEFT_OUT = [
  "axe violations: (signed out, 390 px, dark|signed out, 1280 px|signed in, 390 px|signed in, 1280 px, light)",
  "/docs/api has no serious axe violation: (dark|light, 1280 px)",
].join("|");

/** Files that name the demo to describe or remove it: the removal's own lists and this scenario. */
const DESCRIBE_THE_REMOVAL = ["scripts/make-it-yours/", "tests/scenarios/demo-remove.ts"];
const SKIPPED_DIRS = new Set(["node_modules", ".next", "dist", ".git", ".turbo", "data"]);
const DEMO_TABLES = ["posts", "comments", "likes", "post_exports"];

function* filesUnder(root: string, dir = root): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* filesUnder(root, join(dir, entry.name));
    } else if (entry.isFile()) {
      yield relative(root, join(dir, entry.name));
    }
  }
}

const migrations = (root: string, dialect: "sqlite" | "pg") =>
  readdirSync(join(root, "packages", "db", "migrations", dialect))
    .filter((name) => name.endsWith(".sql"))
    .sort();

/** The demo's paths are gone, the home page is there, and no code file outside the removal's own names the demo. */
function expectDemoGone(root: string): void {
  const left = DEMO_PATHS.filter((path) => existsSync(join(root, path)));
  if (left.length > 0) throw new Error(`the demo's paths are left:\n  ${left.join("\n  ")}`);
  if (!existsSync(join(root, HOME_PAGE_PATH))) throw new Error(`no home page at ${HOME_PAGE_PATH}`);
  const users = [...filesUnder(root)]
    .filter((file) => /\.(ts|tsx|mts|mjs)$/.test(file))
    .filter((file) => !DESCRIBE_THE_REMOVAL.some((prefix) => file.startsWith(prefix)))
    .filter((file) => DEMO_USE.test(readFileSync(join(root, file), "utf8")));
  if (users.length > 0) throw new Error(`these files still use the demo:\n  ${users.join("\n  ")}`);
  console.log(`  ✓ the demo's ${DEMO_PATHS.length} paths are gone, no code uses it, a home page is there`);
}

/** The last migration on each dialect is `remove_demo`, and it drops each of the demo's tables. */
function expectMigration(root: string): void {
  for (const dialect of ["sqlite", "pg"] as const) {
    const last = migrations(root, dialect).at(-1) ?? "";
    if (!last.endsWith("_remove_demo.sql"))
      throw new Error(`${dialect}: the last migration is ${last}, not remove_demo`);
    const sql = readFileSync(join(root, "packages", "db", "migrations", dialect, last), "utf8");
    const kept = DEMO_TABLES.filter((table) => !new RegExp(`DROP TABLE [\`"]${table}[\`"]`).test(sql));
    if (kept.length > 0) throw new Error(`${dialect}: ${last} does not drop ${kept.join(", ")}`);
    console.log(`    ${dialect}: ${last} drops ${DEMO_TABLES.join(", ")}`);
  }
}

/** The demo's package.json scripts are gone. */
function expectScriptsGone(root: string): void {
  for (const { file, scripts } of DEMO_SCRIPTS) {
    const present = scriptsOf(readFileSync(join(root, file), "utf8"));
    const left = scripts.filter((name) => Object.hasOwn(present, name));
    if (left.length > 0) throw new Error(`${file} still has the scripts ${left.join(", ")}`);
  }
  console.log("  ✓ the package.json scripts that ran the demo's files are gone");
}

/** Every file of the copy but installs and builds, with its text. */
const contents = (root: string) =>
  new Map([...filesUnder(root)].map((file) => [file, readFileSync(join(root, file), "utf8")]));

/** A second `pnpm demo:remove` fails, saying the demo is removed already, and changes no file. */
function expectSecondRunRefused(root: string): void {
  const before = contents(root);
  const second = spawnSync("pnpm", ["demo:remove"], { cwd: root, encoding: "utf8" });
  const said = `${second.stdout}${second.stderr}`;
  if (second.status === 0 || !said.includes("the demo is removed already")) {
    throw new Error(`a second pnpm demo:remove did not refuse (exit ${second.status}):\n${said.trim()}`);
  }
  const after = contents(root);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
    (file) => before.get(file) !== after.get(file),
  );
  if (changed.length > 0) throw new Error(`a second pnpm demo:remove changed:\n  ${changed.join("\n  ")}`);
  console.log("  ✓ a second run says the demo is removed already, and changes nothing");
}

/**
 * Playwright's summary says only passed, skipped and flaky (passed on CI's retry, named as the suite
 * names them): anything failed, interrupted or not run fails the scenario.
 */
function expectE2ePassed(report: string): void {
  const summary = report
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^\d+ (passed|failed|interrupted|flaky|skipped|did not run)\b/.test(line));
  const bad = summary.filter((line) => !/^\d+ (passed|skipped|flaky)\b/.test(line));
  if (!summary.some((line) => /^\d+ passed\b/.test(line)) || bad.length > 0) {
    throw new Error(`the end-to-end specs did not all pass:\n${summary.join("\n")}`);
  }
  console.log(`    ${summary.join(", ")}`);
  // Under its "N flaky" line Playwright names each flaky test, one "[project] › file › title" line each.
  const lines = report.split("\n").map((line) => line.trim());
  const flakyAt = lines.findIndex((line) => /^\d+ flaky\b/.test(line));
  if (flakyAt >= 0) {
    for (const line of lines.slice(flakyAt + 1)) {
      if (!line.startsWith("[")) break;
      console.log(`    flaky: ${line}`);
    }
  }
}

function main(): void {
  const started = Date.now();
  const { root } = scratchCopy("trellis-demo-remove-");
  console.log(`pnpm demo:remove on a scratch copy: ${root}`);
  try {
    run("pnpm install (offline, from the local store)", root, "pnpm", ["install", "--offline", "--frozen-lockfile"]);
    run("pnpm demo:remove", root, "pnpm", ["demo:remove"]);
    expectDemoGone(root);
    expectMigration(root);
    expectScriptsGone(root);
    expectSecondRunRefused(root);
    run("pnpm typecheck", root, "pnpm", ["typecheck"]);
    run("pnpm lint", root, "pnpm", ["lint"]);
    run("pnpm format:check", root, "pnpm", ["format:check"]);
    // A checkout is a git repository: settings-readers.test.ts finds who reads process.env with git grep
    // (tracked and untracked files alike, so an empty repository is enough).
    run("git init (the copy has no .git)", root, "git", ["init", "-q"]);
    run(`vitest: every test of the ${PROJECTS.join(", ")} projects`, root, "pnpm", [
      "exec",
      "vitest",
      "run",
      ...PROJECTS.flatMap((project) => ["--project", project]),
    ]);
    run("pnpm build (the production artifact)", root, "pnpm", ["build"]);
    run("the crash test, short (kill -9 under writes)", root, "pnpm", ["bench:crash"], {
      CRASH_ROUNDS: "2",
      CRASH_SECONDS: "3",
    });
    run("the soak test, short", root, "pnpm", ["bench:soak"], { SOAK_SECONDS: "10" });
    // On SQLite whatever the caller's shell says (Playwright's config picks Postgres when this is set).
    const e2e = run(
      "every end-to-end spec on SQLite (Playwright, on the built app), two of the accessibility gate's eight combinations",
      root,
      "pnpm",
      ["exec", "playwright", "test", "--grep-invert", A11Y_LEFT_OUT],
      { TRELLIS_E2E_DATABASE_URL: "" },
    );
    expectE2ePassed(e2e);
    console.log(`pnpm demo:remove holds: removed and green in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    if (process.env.KEEP_SCRATCH) console.log(`  kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
