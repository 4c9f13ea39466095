/**
 * Several production servers starting at the same moment on one EMPTY
 * Postgres database, as a deploy of N replicas does (docs/decisions/031).
 * Each round makes a fresh database, starts every instance at once with
 * SEED_DEMO_DATA=true (so the demo seed races too), and checks that:
 *
 * - every instance comes up: `GET /api/ready` answers 200;
 * - the schema was migrated once: drizzle's migrations table has exactly one
 *   row per committed migration;
 * - nothing was seeded twice: users, posts, comments and likes are one seed's;
 * - no instance printed "Failed query", a query's values or a stack trace;
 * - each instance, sent SIGTERM, exits 0.
 *
 *   tsx tests/scenarios/multi-instance-start.ts                               4 instances × 10 rounds
 *   SCENARIO_INSTANCES=4 SCENARIO_ROUNDS=2 tsx tests/scenarios/multi-instance-start.ts   the short version
 *
 * Needs TEST_DATABASE_URL (a Postgres server; a database per round is made
 * and dropped there) and `pnpm build`. Exits 1 on any failed check.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSeed, SEED_PASSWORD_HASHES } from "@trellis/db";

import { migrationsAfter } from "@trellis/db/migration-status";
import { createScratchPostgres } from "@trellis/db/testing";
import postgres from "postgres";
import { freePort } from "../../scripts/free-port.mjs";
import { ARTIFACT_SERVER, hasProductionBuild } from "../../scripts/production-build.mjs";

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

interface Instance {
  url: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function launch(port: number, databaseUrl: string, authSecret: string, mailbox: string): Instance {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [ARTIFACT_SERVER, "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: tmpdir(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: authSecret,
      APP_URL: url,
      MAILBOX_DIR: mailbox,
      // The seed races too: a test, not a deployment (ADR 028).
      SEED_DEMO_DATA: "true",
      // This is about the database: events, rate limits and jobs stay in each process.
      REDIS_URL: "",
      // The default, said here because it is what this scenario is about.
      MIGRATE_ON_START: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { url, child, output: () => output, exited };
}

/** Resolves once `/api/ready` answers 200; rejects if the process exits or the deadline passes. */
async function ready(instance: Instance, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) {
      throw new Error(`exited (${instance.child.exitCode ?? instance.child.signalCode}) while starting`);
    }
    const status = await fetch(`${instance.url}/api/ready`, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/api/ready did not answer 200 within ${START_TIMEOUT_MS / 1000} s`);
}

/** SIGTERM, then the exit; SIGKILL (and a failure) if it does not go in time. Null when it exits 0, or had exited already. */
async function stop(instance: Instance): Promise<string | null> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return null;
  instance.child.kill("SIGTERM");
  const timer = setTimeout(() => instance.child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  const { code, signal } = await instance.exited;
  clearTimeout(timer);
  return code === 0 ? null : `exited ${signal ?? code} after SIGTERM`;
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
const expectedRows = {
  users: seed.users.length,
  posts: seed.posts.length,
  comments: seed.comments.length,
  likes: seed.likes.length,
};
const migrationCount = migrationsAfter("postgres", null).length;

async function round(n: number): Promise<{ failures: string[]; startMs: number }> {
  const scratchDir = mkdtempSync(join(tmpdir(), "trellis-scenario-"));
  const database = await createScratchPostgres(serverUrl ?? "", "trellis_scenario");
  const authSecret = randomBytes(32).toString("base64url");
  const failures: string[] = [];
  let instances: Instance[] = [];
  let startMs = 0;
  try {
    const ports = await Promise.all(Array.from({ length: INSTANCES }, () => freePort()));
    const started = Date.now();
    instances = ports.map((port, i) => launch(port, database.url, authSecret, join(scratchDir, `mailbox-${i}`)));
    const deadline = started + START_TIMEOUT_MS;
    const outcomes = await Promise.allSettled(instances.map((instance) => ready(instance, deadline)));
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
      const counts = await sql<{ users: number; posts: number; comments: number; likes: number }[]>`
        select (select count(*) from users)::int as users, (select count(*) from posts)::int as posts,
               (select count(*) from comments)::int as comments, (select count(*) from likes)::int as likes`;
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
    rmSync(scratchDir, { recursive: true, force: true });
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
