/**
 * `pnpm gen resource` and `pnpm gen remove`, proved on a scratch copy of the
 * repository: a resource with every field type and an owner is generated,
 * and the type-check, the lint and the tests it touches pass untouched (its
 * own router tests, the authorization walk, the hostile-input run, the lean
 * handler and the REST document, on SQLite and PGlite); then it is removed,
 * and the same checks pass again on what is left.
 *
 *   pnpm scenario:gen-resource            (KEEP_SCRATCH=1 keeps the copy)
 *
 * The REST routes are called in-process by the document test (every route of
 * the document, with a fresh id); a production build and a browser are left
 * to the generated page's own e2e spec.
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
