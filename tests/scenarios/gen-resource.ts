/**
 * `pnpm gen resource` and `pnpm gen remove`, proved on a scratch copy of the
 * repository: a resource with every field type and an owner is generated,
 * and the type-check, the lint and the tests it touches pass untouched (its
 * own router tests, the authorization walk, the hostile-input run, the lean
 * handler and the REST document, on SQLite and PGlite); then it is removed,
 * and the same checks pass again on what is left.
 *
 *   pnpm scenario:gen-resource   (≈9 min, 20 on a busy 2-core machine; KEEP_SCRATCH=1 keeps the copy)
 *
 * The longest steps: the build (≈2.5 min, 8 busy), the tests with a database
 * (≈2 min, 4 busy) and the two type-checks; the e2e spec takes ≈30 s.
 *
 * Then the app is built once (`pnpm build`) and the generated e2e spec runs
 * against it in Playwright: a signed-in person creates, edits and deletes a
 * task through the generated list and detail pages, and a client holding only
 * an API token does the same over REST (POST, GET by its Location, PATCH,
 * DELETE). Playwright's fixture starts the built app on a free loopback port
 * with a fresh database and stops it (tests/e2e/fixtures.ts).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

import { run, scratchCopy } from "./scratch";

const FIELDS = "title:string notes:text? done:boolean dueOn:date?";

/** What the generated resource touches: with a database they run on SQLite and on PGlite, the rest once. */
const TESTS = [
  "packages/api/src/access.test.ts",
  "packages/server/src/hostile-input.test.ts",
  "packages/server/src/http/lean-handler.test.ts",
  "packages/server/src/rest/document.test.ts",
  "packages/db/src/schema",
];

/** A few of the files `gen resource task` writes, which `gen remove task` deletes. */
const GENERATED = [
  "packages/api/src/routers/task.ts",
  "packages/db/src/data/tasks/sqlite.ts",
  "packages/validators/src/task.ts",
  "apps/web/src/app/(trpc)/tasks/page.tsx",
  "tests/e2e/tasks.spec.ts",
];

const vitest = (root: string, label: string, files: string[]) =>
  run(label, root, "pnpm", [
    "exec",
    "vitest",
    "run",
    ...files,
    "--project",
    "unit",
    "--project",
    "sqlite",
    "--project",
    "pglite",
  ]);

const migrations = (root: string, dialect: "sqlite" | "pg") =>
  readdirSync(join(root, "packages", "db", "migrations", dialect)).filter((name) => name.endsWith(".sql"));

function expectMigration(root: string, pattern: RegExp, what: string): void {
  for (const dialect of ["sqlite", "pg"] as const) {
    const last = migrations(root, dialect).sort().at(-1) ?? "";
    const sql = readFileSync(join(root, "packages", "db", "migrations", dialect, last), "utf8");
    if (!pattern.test(sql)) throw new Error(`${dialect}: the last migration, ${last}, does not ${what}`);
    console.log(`    ${dialect}: ${last}`);
  }
}

/** Every file of the copy but the migrations, as it is before `gen resource`. */
function snapshot(root: string, files: string[]): Map<string, string> {
  const kept = files.filter((file) => !file.startsWith("packages/db/migrations/"));
  return new Map(kept.map((file) => [file, readFileSync(join(root, file), "utf8")]));
}

/** After `gen remove`, every file but the migrations is as it was, and the resource's own files are gone. */
function expectAsBefore(root: string, before: Map<string, string>): void {
  const changed = [...before].filter(
    ([file, text]) => !existsSync(join(root, file)) || readFileSync(join(root, file), "utf8") !== text,
  );
  if (changed.length > 0) {
    throw new Error(`gen remove left these different from before:\n  ${changed.map(([file]) => file).join("\n  ")}`);
  }
  const left = GENERATED.filter((file) => existsSync(join(root, file)));
  if (left.length > 0) throw new Error(`gen remove left these behind:\n  ${left.join("\n  ")}`);
  console.log("  ✓ every file but the migrations is as before, and the generated ones are gone");
}

/**
 * Playwright's summary names both tests of the spec as passed, the first time:
 * a test skipped, or passed only when CI's retry ran it again, fails here.
 */
function expectBothPassed(report: string): void {
  const summary = report
    .split("\n")
    .filter((line) => /^\s+\d+ (passed|failed|interrupted|flaky|skipped|did not run)\b/.test(line));
  const passed = summary.map((line) => line.trim()).filter((line) => /^\d+ passed\b/.test(line));
  if (summary.length !== 1 || !/^2 passed\b/.test(passed[0] ?? "")) {
    throw new Error(`the generated e2e spec did not pass both its tests first time:\n${summary.join("\n")}`);
  }
  console.log(`    ${passed[0]}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const { root, files } = scratchCopy("trellis-gen-resource-");
  const before = snapshot(root, files);
  console.log(`  scratch copy: ${root}`);
  try {
    run("pnpm install (offline, from the local store)", root, "pnpm", ["install", "--offline", "--frozen-lockfile"]);

    run(`pnpm gen resource task --fields "${FIELDS}" --owned`, root, "pnpm", [
      "gen",
      "resource",
      "task",
      "--fields",
      FIELDS,
      "--owned",
    ]);
    expectMigration(root, /CREATE TABLE [`"]tasks[`"]/, "create tasks");
    run("a second run refuses: the resource exists", root, "bash", [
      "-c",
      `! pnpm gen resource task --fields "${FIELDS}" --owned`,
    ]);
    run("pnpm typecheck", root, "pnpm", ["typecheck"]);
    run("pnpm lint, and the format check", root, "pnpm", ["exec", "biome", "check", "."]);
    vitest(root, "the generated tests and the walks (unit, sqlite, pglite)", [
      "packages/api/src/routers/task.test.ts",
      ...TESTS,
    ]);
    run("pnpm build (the production artifact, dist/trellis)", root, "pnpm", ["build"]);
    // One worker: one server for both tests, on a shared machine.
    const e2e = run(
      "the generated e2e spec: pages and REST, on the built app (Playwright)",
      root,
      "pnpm",
      ["exec", "playwright", "test", "tests/e2e/tasks.spec.ts", "--workers=1"],
      { FORCE_COLOR: "0" },
    );
    expectBothPassed(e2e);

    run("pnpm gen remove task", root, "pnpm", ["gen", "remove", "task"]);
    expectMigration(root, /DROP TABLE [`"]tasks[`"]/, "drop tasks");
    expectAsBefore(root, before);
    run("pnpm typecheck, after removing", root, "pnpm", ["typecheck"]);
    run("pnpm lint, and the format check, after removing", root, "pnpm", ["exec", "biome", "check", "."]);
    // The hostile-input run is left out here: every file it reads is as before (checked above).
    vitest(
      root,
      "the walks and the schema's tests again, after removing (unit, sqlite, pglite)",
      TESTS.filter((test) => !test.includes("hostile-input")),
    );
    console.log(
      `pnpm gen holds: generated, checked, removed, checked in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    if (process.env.KEEP_SCRATCH) console.log(`  kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
