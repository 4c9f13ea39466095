// `pnpm test`: every check and every test, in the order a failure is cheapest
// to find, then ONE summary line: "N passed, N failed" (vitest tests +
// Playwright tests + the crash, soak and multi-instance scripts, one test each; a failing
// check or build counts as one failure).
// It keeps going after a failure so one run shows everything that is wrong.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const suiteStarted = Date.now();
const results = join(root, ".test-results");
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
/** Tests a runner skipped (vitest's pending and todo, Playwright's skipped): most wait for a service this run lacks. */
const skippedTests = { vitest: 0, e2e: 0 };
/** @type {string[]} */
const report = [];

/**
 * TRELLIS_REPEAT_PASS=1: this run repeats the suite on another Node version
 * (.ci/run's second pass), so what cannot differ by Node's version ran in the
 * first pass and is skipped here: the lint and format checks (Biome is a
 * native binary), the type check (the same compiler on the same sources),
 * the accessibility specs (the browser judges the same markup) and the
 * scenarios.
 *
 * TRELLIS_REPEAT_PASS_FOLLOWS=1: this run is .ci/run's first pass and a
 * repeat pass follows it. With a Postgres server at hand the two passes then
 * split the end-to-end runs by dialect instead of each running both: the
 * first runs the specs against SQLite, the repeat pass against Postgres. Every
 * spec but the @a11y ones (SQLite, the first pass) still runs on both Nodes
 * and both dialects (the server parity spec runs on Postgres only in the
 * repeat pass: a run that has both dialects runs it on SQLite), and CI
 * makes two full runs of the specs (10–15 min each
 * on a 2-core machine), not three (ADR 057). vitest's pg dialect is split
 * the same way: PGlite in the first pass, the server in the repeat pass.
 */
const repeatPass = process.env.TRELLIS_REPEAT_PASS === "1";
const repeatPassFollows = !repeatPass && process.env.TRELLIS_REPEAT_PASS_FOLLOWS === "1";
/** A Postgres server to test against, when one answers: vitest's postgres project, the e2e run on it, the multi-instance start. */
const postgresUrl = process.env.TEST_DATABASE_URL;
const ranInTheFirstPass = "TRELLIS_REPEAT_PASS=1, the first pass ran it";

/**
 * Says that `label` is skipped and why, in the output and the summary, never silently.
 * @param {string} label @param {string} why
 */
function skipped(label, why) {
  console.log(`\n– ${label}: skipped: ${why}`);
  report.push(`– ${label}: skipped: ${why}`);
}

/**
 * Runs a command from the repo root; true when it exits 0.
 * @param {string} label @param {string} command @param {string[]} args @param {Record<string, string>} env
 */
function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}: ${[command, ...args].join(" ")}`);
  const started = Date.now();
  // Next's telemetry off: its notice is noise in a test run, and a test run is nobody's usage.
  const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env };
  const { status } = spawnSync(command, args, { cwd: root, stdio: "inherit", env: childEnv });
  const ok = status === 0;
  report.push(`${ok ? "✓" : "✗"} ${label} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return ok;
}

/**
 * A check with no test count of its own: only its failure is counted.
 * @param {string} label @param {string} command @param {string[]} args
 */
function check(label, command, args) {
  if (!run(label, command, args)) failed += 1;
}

/**
 * A script that is one test (the crash and soak runs): one passed when it exits 0, one failed otherwise.
 * @param {string} label @param {string} command @param {string[]} args @param {Record<string, string>} env
 */
function scripted(label, command, args, env) {
  if (run(label, command, args, env)) passed += 1;
  else failed += 1;
}

/** @typedef {{ numPassedTests: number; numFailedTests: number; numPendingTests?: number; numTodoTests?: number; success: boolean; testResults?: { name: string; status: string; assertionResults?: { fullName: string; status: string }[] }[] }} VitestReport */
/** @typedef {{ title: string; ok: boolean; file: string; line: number; tests?: { status: string }[] }} PlaywrightSpec */
/** @typedef {{ specs?: PlaywrightSpec[]; suites?: PlaywrightSuite[] }} PlaywrightSuite */
/** @typedef {{ stats: { expected: number; unexpected: number; flaky: number; skipped?: number }; errors?: { message?: string }[]; suites?: PlaywrightSuite[] }} PlaywrightReport */

/**
 * Names what failed in the summary too: the summary is what a CI log's tail
 * shows, and a count alone sends the reader scrolling through thousands of lines.
 * @param {string} where @param {string[]} names
 */
function listFailures(where, names) {
  for (const name of names.slice(0, 20)) report.push(`  ✗ ${where}: ${name}`);
  if (names.length > 20) report.push(`  … and ${names.length - 20} more in ${where}`);
}

/** @param {VitestReport} vitest @returns {string[]} */
function vitestFailures(vitest) {
  const prefix = `${root}/`;
  return (vitest.testResults ?? []).flatMap((file) => {
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    const path = file.name.replace(prefix, "");
    if (failedTests.length === 0)
      return file.status === "failed" ? [`${path} (failed outside its tests: a hook, or it did not load)`] : [];
    return failedTests.map((test) => `${path} › ${test.fullName}`);
  });
}

/**
 * The specs of a Playwright report that `matches`, as "file:line › title".
 * @param {PlaywrightSuite[]} suites @param {(spec: PlaywrightSpec) => boolean} matches @returns {string[]}
 */
function playwrightSpecs(suites, matches) {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? []).filter(matches).map((spec) => `${spec.file}:${spec.line} › ${spec.title}`),
    ...playwrightSpecs(suite.suites ?? [], matches),
  ]);
}

/**
 * Reads a runner's JSON report; null when the runner crashed before writing it.
 * @template T @param {string} file @returns {T | null}
 */
function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
}

if (repeatPass) {
  for (const label of ["typecheck", "lint", "format"]) skipped(label, ranInTheFirstPass);
} else {
  check("typecheck", "pnpm", ["typecheck"]);
  check("lint", "pnpm", ["lint"]);
  check("format", "pnpm", ["format:check"]);
}

// With a Postgres server at hand, CI's two passes split the pg dialect's tests as they split the e2e
// runs (ADR 057): the first runs them on PGlite, the same dialect in WebAssembly, the repeat pass
// against the server (vitest.config.ts). A local run with TEST_DATABASE_URL runs both.
const skipPglite = repeatPass && Boolean(postgresUrl);
const skipPostgres = repeatPassFollows && Boolean(postgresUrl);
if (skipPglite) skipped("vitest on pglite", `${ranInTheFirstPass}; the pg dialect runs against Postgres here`);
if (skipPostgres)
  skipped(
    "vitest on postgres",
    "TRELLIS_REPEAT_PASS_FOLLOWS=1: the repeat pass runs the pg dialect against the server",
  );
const vitestDialects = [
  "sqlite",
  ...(skipPglite ? [] : ["pglite"]),
  ...(postgresUrl && !skipPostgres ? ["postgres"] : []),
];
const vitestJson = join(results, "vitest.json");
const vitestExitedZero = run("unit and integration (vitest)", "pnpm", [
  "exec",
  "vitest",
  "run",
  ...(skipPglite || skipPostgres ? ["unit", ...vitestDialects].flatMap((project) => ["--project", project]) : []),
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestJson}`,
]);
const vitest = /** @type {VitestReport | null} */ (readJson(vitestJson));
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skippedTests.vitest += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  // A test file that fails to load fails no test, and an unhandled rejection fails neither a test nor
  // the report's `success` (vitest only exits 1 for it): count each case as one failure anyway.
  const unsuccessful = !vitest.success || !vitestExitedZero;
  if (unsuccessful && vitest.numFailedTests === 0) failed += 1;
  const names = vitestFailures(vitest);
  if (unsuccessful && names.length === 0)
    names.push("errors outside any test (unhandled rejections?): see vitest's output above");
  listFailures("vitest", names);
} else {
  failed += 1;
}

/**
 * One Playwright run against the production build, its tests added to the totals. Without
 * `accessibility`, the specs tagged @a11y (axe on every page, ≈4 min of the run's time) are left
 * out: they judge the pages' markup, which neither the database nor Node's version changes, so one
 * run of them per suite is enough — the caller says so in the summary.
 * @param {string} label @param {Record<string, string>} env @param {{ accessibility?: boolean }} [options]
 */
function e2e(label, env, { accessibility = true } = {}) {
  const playwrightJson = join(results, `${label}.json`);
  const args = accessibility ? [] : ["--grep-invert", "@a11y"];
  run(`end-to-end on ${label} (playwright)`, "pnpm", ["exec", "playwright", "test", ...args], {
    ...env,
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
  });
  const playwright = /** @type {PlaywrightReport | null} */ (readJson(playwrightJson));
  if (playwright) {
    passed += playwright.stats.expected + playwright.stats.flaky;
    failed += playwright.stats.unexpected + (playwright.errors?.length ?? 0);
    skippedTests.e2e += playwright.stats.skipped ?? 0;
    const suites = playwright.suites ?? [];
    listFailures(`e2e on ${label}`, [
      ...playwrightSpecs(suites, (spec) => !spec.ok),
      // Errors outside any test (a worker's fixture that failed to tear down): counted above, so named too.
      ...(playwright.errors ?? []).map((error) => `outside any test: ${(error.message ?? "").split("\n")[0]}`),
    ]);
    // Passed on CI's retry (playwright.config.ts): counted as passed, and named so nobody mistakes it for fine.
    const flaky = playwrightSpecs(suites, (spec) => (spec.tests ?? []).some((test) => test.status === "flaky"));
    for (const name of flaky) report.push(`  ⚠ flaky on ${label} (passed when retried): ${name}`);
  } else {
    failed += 1;
  }
}

/**
 * Whether a scenario is skipped — for `reason` (what this run lacks), or in a
 * repeat pass (once per CI run is enough) — saying so.
 * @param {string} label @param {string | null} reason
 */
function skippedScenario(label, reason) {
  const why = reason ?? (repeatPass ? ranInTheFirstPass : null);
  if (why === null) return false;
  skipped(label, why);
  return true;
}

/**
 * Production servers starting at once on one empty Postgres database
 * (tests/scenarios/multi-instance-start.ts, ADR 031): 4 × 10 rounds in CI,
 * 4 × 2 locally; skipped, saying why, without a Postgres server or in a
 * repeat pass (.ci/run's second pass: once per CI run is enough).
 */
function multiInstanceStart() {
  const label = "multi-instance start on Postgres";
  if (skippedScenario(label, postgresUrl ? null : "no TEST_DATABASE_URL")) return;
  const size = process.env.CI
    ? { SCENARIO_INSTANCES: "4", SCENARIO_ROUNDS: "10" }
    : { SCENARIO_INSTANCES: "4", SCENARIO_ROUNDS: "2" };
  scripted(
    `${label} (${size.SCENARIO_INSTANCES} instances × ${size.SCENARIO_ROUNDS} rounds${process.env.CI ? "" : ", the short version; CI runs 4 × 10"})`,
    "pnpm",
    ["exec", "tsx", "tests/scenarios/multi-instance-start.ts"],
    size,
  );
}

/**
 * docs/adding-a-resource.md followed on a scratch copy of the repository
 * (tests/scenarios/adding-a-resource.ts, ≈90 s): in CI's first pass; a local
 * run and CI's second pass skip it, saying so (`pnpm scenario:adding-a-resource`).
 */
function addingAResource() {
  const label = "docs/adding-a-resource.md, followed on a scratch copy";
  const notHere = process.env.CI ? null : "runs in CI; `pnpm scenario:adding-a-resource` runs it here";
  if (skippedScenario(label, notHere)) return;
  scripted(label, "pnpm", ["scenario:adding-a-resource"], {});
}

/**
 * `pnpm rename @acme "Acme Notes"` on a scratch copy of the repository
 * (tests/scenarios/rename.ts, ≈5 min): in CI's first pass; a local run and
 * CI's second pass skip it, saying so (`pnpm scenario:rename`).
 */
function rename() {
  const label = "pnpm rename, on a scratch copy";
  const notHere = process.env.CI ? null : "runs in CI; `pnpm scenario:rename` runs it here";
  if (skippedScenario(label, notHere)) return;
  scripted(label, "pnpm", ["scenario:rename"], {});
}

/**
 * `pnpm demo:remove` on a scratch copy of the repository, then its
 * type-check, Biome, every unit, SQLite and PGlite test, a production build,
 * the short crash and soak runs and every e2e spec on SQLite, the @a11y ones on two of their eight
 * combinations (tests/scenarios/demo-remove.ts, ADR 056, 15 min on an idle machine): in CI's first pass; a
 * local run and CI's second pass skip it, saying so (`pnpm scenario:demo-remove`).
 */
function demoRemove() {
  const label = "pnpm demo:remove, on a scratch copy";
  const notHere = process.env.CI ? null : "runs in CI; `pnpm scenario:demo-remove` runs it here";
  if (skippedScenario(label, notHere)) return;
  scripted(label, "pnpm", ["scenario:demo-remove"], {});
}

/**
 * `pnpm gen resource` and `pnpm gen remove` on a scratch copy, with a
 * production build of its own for the generated e2e spec
 * (tests/scenarios/gen-resource.ts, ADR 053, ≈9 min, 20 on a busy 2-core
 * machine): in CI's first pass; a local run and CI's second pass skip it,
 * saying so (`pnpm scenario:gen-resource`).
 */
function genResource() {
  const label = "pnpm gen resource and gen remove, on a scratch copy";
  const notHere = process.env.CI ? null : "runs in CI; `pnpm scenario:gen-resource` runs it here";
  if (skippedScenario(label, notHere)) return;
  scripted(label, "pnpm", ["scenario:gen-resource"], {});
}

/** @type {string[]} */
const e2eDialects = [];
/**
 * The end-to-end runs: on SQLite, and again on Postgres when a server answers
 * (each worker makes its own database there: tests/e2e/app-server.ts). In CI
 * the two passes split them when a server answers (TRELLIS_REPEAT_PASS_FOLLOWS,
 * above): SQLite in the first, Postgres in the repeat pass; without one, each
 * pass runs them on SQLite. The @a11y specs run once, in the first
 * pass on SQLite: they judge the pages' markup, which neither the database
 * nor Node's version changes.
 */
function e2eByDialect() {
  if (repeatPass) skipped("accessibility specs (@a11y)", ranInTheFirstPass);
  if (repeatPass && postgresUrl) {
    skipped("end-to-end on sqlite (playwright)", `${ranInTheFirstPass}; this pass runs the specs on postgres`);
  } else {
    e2e("sqlite", {}, { accessibility: !repeatPass });
    e2eDialects.push("sqlite");
  }
  if (!postgresUrl) return;
  if (repeatPassFollows) {
    skipped("end-to-end on postgres (playwright)", "TRELLIS_REPEAT_PASS_FOLLOWS=1: the repeat pass runs them");
    return;
  }
  if (!repeatPass)
    skipped(
      "accessibility specs (@a11y) on postgres",
      "they check the pages' markup, which the database does not change; they ran on sqlite",
    );
  e2e("postgres", { TRELLIS_E2E_DATABASE_URL: postgresUrl }, { accessibility: false });
  e2eDialects.push("postgres");
}

if (run("browser for e2e", "node", ["scripts/ensure-chromium.mjs"]) && run("production build", "pnpm", ["build"])) {
  // Short versions of the production server's crash and soak runs, on SQLite (docs/security.md).
  scripted("crash test (short)", "pnpm", ["bench:crash"], { CRASH_ROUNDS: "2", CRASH_SECONDS: "3" });
  scripted("soak test (short)", "pnpm", ["bench:soak"], { SOAK_SECONDS: "10" });
  multiInstanceStart();
  e2eByDialect();
} else {
  failed += 1;
}

// Need no build: a scratch copy of the source, its own install and checks.
addingAResource();
rename();
demoRemove();
genResource();

report.push(`total ${((Date.now() - suiteStarted) / 1000).toFixed(1)}s`);
report.push(`dialects: vitest on ${vitestDialects.join(", ")}; e2e on ${e2eDialects.join(", ") || "none"}`);
// What a plain run leaves out: the servers it only uses when told where they are (README, "Two commands").
const services = Object.entries({ Postgres: "TEST_DATABASE_URL", Redis: "REDIS_URL" }).map(
  ([name, variable]) => `${name} ${process.env[variable] ? "ran" : `skipped (set ${variable})`}`,
);
report.push(`services: ${services.join("; ")}`);
report.push(`skipped tests: ${skippedTests.vitest} in vitest, ${skippedTests.e2e} in e2e`);
console.log(`\n${report.join("\n")}\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
