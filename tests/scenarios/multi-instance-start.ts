/**
 * Several production servers starting at the same moment on one EMPTY
 * Postgres database, as a deploy of N replicas does (docs/decisions/031).
 * Each round makes a fresh database, starts every instance at once with
 * SEED_DEMO_DATA=true (so the seed races too), and checks that:
 *
 * - every instance comes up: `GET /api/ready` answers 200;
 * - the schema was migrated once: drizzle's migrations table has exactly one
 *   row per committed migration;
 * - nothing was seeded twice: the users and their sign-in accounts are one
 *   seed's;
 * - no instance printed "Failed query", a query's values or a stack trace;
 * - each instance, sent SIGTERM, exits 0.
 *
 *   tsx tests/scenarios/multi-instance-start.ts                               4 instances × 10 rounds
 *   SCENARIO_INSTANCES=4 SCENARIO_ROUNDS=2 tsx tests/scenarios/multi-instance-start.ts   the short version
 *
 * Needs TEST_DATABASE_URL (a Postgres server; a database per round is made
 * and dropped there) and `pnpm build`. Exits 1 on any failed check.
 */
import { randomBytes } from "node:crypto";

import { buildSeed, SEED_PASSWORD_HASHES } from "@trellis/db";
import { migrationsAfter } from "@trellis/db/migration-status";
import { createScratchPostgres } from "@trellis/db/testing";
import postgres from "postgres";
import { freePort } from "../../scripts/free-port.mjs";
import { type LaunchedServer, spawnServer } from "../../scripts/launch-server";
import { hasProductionBuild } from "../../scripts/production-build.mjs";

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}

const INSTANCES = positive("SCENARIO_INSTANCES", 4);
const ROUNDS = positive("SCENARIO_ROUNDS", 10);
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;

const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) {
  console.log("multi-instance start: skipped: no TEST_DATABASE_URL");
  process.exit(0);
}
if (!hasProductionBuild()) {
  console.error("multi-instance start serves the production build: run `pnpm build` first.");
  process.exit(1);
}

/** One instance on the round's database, with the settings this scenario is about. */
function launch(port: number, databaseUrl: string, authSecret: string, n: number): Promise<LaunchedServer> {
  return spawnServer({
    label: `scenario-${n}`,
    command: "artifact",
    database: { url: databaseUrl },
    authSecret,
    port,
    env: {
      // The seed races too: a test, not a deployment (ADR 028).
      SEED_DEMO_DATA: "true",
      // This is about the database: events, rate limits and jobs stay in each process.
      REDIS_URL: "",
      // The default, said here because it is what this scenario is about.
      MIGRATE_ON_START: "true",
    },
    waitFor: "/api/ready",
    startTimeoutMs: START_TIMEOUT_MS,
    pollMs: 100,
    stopGraceMs: STOP_TIMEOUT_MS,
  });
}

/** SIGTERM, then the exit; SIGKILL (and a failure) if it does not go in time. Null when it exits 0, or had exited already. */
async function stop(instance: LaunchedServer): Promise<string | null> {
  const wasRunning = instance.process.exitCode === null && instance.process.signalCode === null;
  const code = await instance.stop();
  if (!wasRunning || code === 0) return null;
  return `exited ${instance.process.signalCode ?? code} after SIGTERM`;
}

/** What no instance may print: drizzle's failed-query message, a seeded password hash, a stack frame. */
function leaks(output: string): string[] {
  const found: string[] = [];
  if (output.includes("Failed query")) found.push('"Failed query"');
  if (Object.values(SEED_PASSWORD_HASHES).some((hash) => output.includes(hash))) found.push("a seeded password hash");
  if (/^\s+at .+:\d+:\d+\)?$/m.test(output) || /\\n\s+at /.test(output)) found.push("a stack trace");
  return found;
}

const seed = buildSeed();
const expectedRows = { users: seed.users.length, accounts: seed.accounts.length };
const migrationCount = migrationsAfter("postgres", null).length;

async function round(n: number): Promise<{ failures: string[]; startMs: number }> {
  const database = await createScratchPostgres(serverUrl ?? "", "trellis_scenario");
  const authSecret = randomBytes(32).toString("base64url");
  const failures: string[] = [];
  let instances: LaunchedServer[] = [];
  let startMs = 0;
  try {
    const ports = await Promise.all(Array.from({ length: INSTANCES }, () => freePort()));
    const started = Date.now();
    instances = await Promise.all(ports.map((port, i) => launch(port, database.url, authSecret, i + 1)));
    const deadline = started + START_TIMEOUT_MS;
    const outcomes = await Promise.allSettled(instances.map((instance) => instance.ready(deadline)));
    startMs = Date.now() - started;
    outcomes.forEach((outcome, i) => {
      if (outcome.status === "rejected") failures.push(`instance ${i + 1}: ${String(outcome.reason)}`);
    });

    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const migrations = await sql<{ rows: number; hashes: number }[]>`
        select count(*)::int as rows, count(distinct hash)::int as hashes from drizzle.__drizzle_migrations`;
      const logged = migrations[0];
      if (logged?.rows !== migrationCount || logged.hashes !== migrationCount) {
        failures.push(
          `migrations table: ${logged?.rows} rows, ${logged?.hashes} distinct, expected ${migrationCount} of each`,
        );
      }
      const counts = await sql<{ users: number; accounts: number }[]>`
        select (select count(*) from users)::int as users, (select count(*) from accounts)::int as accounts`;
      const actual = counts[0];
      if (JSON.stringify(actual) !== JSON.stringify(expectedRows)) {
        failures.push(`rows ${JSON.stringify(actual)}, expected one seed's ${JSON.stringify(expectedRows)}`);
      }
    } catch (error) {
      failures.push(`reading the database: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await sql.end();
    }
  } finally {
    const stopped = await Promise.all(instances.map((instance) => stop(instance)));
    stopped.forEach((problem, i) => {
      if (problem) failures.push(`instance ${i + 1}: ${problem}`);
    });
    instances.forEach((instance, i) => {
      const found = leaks(instance.output());
      if (found.length > 0) failures.push(`instance ${i + 1} printed ${found.join(", ")}`);
    });
    if (failures.length > 0) {
      instances.forEach((instance, i) => {
        console.log(
          `--- round ${n}, instance ${i + 1} output (last 3000 characters):\n${instance.output().slice(-3000)}`,
        );
      });
    }
    await database.drop();
  }
  return { failures, startMs };
}

console.log(
  `Multi-instance start: ${INSTANCES} production servers at once on an empty Postgres database, ${ROUNDS} round(s), SEED_DEMO_DATA=true`,
);
let failedRounds = 0;
const times: number[] = [];
for (let n = 1; n <= ROUNDS; n++) {
  const { failures, startMs } = await round(n);
  times.push(startMs);
  if (failures.length > 0) failedRounds += 1;
  console.log(
    `round ${n}: ${failures.length === 0 ? "ok" : "FAILED"}, ${INSTANCES} starts settled in ${(startMs / 1000).toFixed(1)} s${failures.map((f) => `\n  ✗ ${f}`).join("")}`,
  );
}
const mean = times.reduce((a, b) => a + b, 0) / times.length;
console.log(
  `${ROUNDS - failedRounds}/${ROUNDS} rounds passed; ${INSTANCES} starts took ${(mean / 1000).toFixed(1)} s on average (max ${(Math.max(...times) / 1000).toFixed(1)} s)`,
);
process.exit(failedRounds === 0 ? 0 : 1);
