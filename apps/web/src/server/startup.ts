import { redactQueryValues } from "@trellis/db/query-errors";

import { trustedProxyHops } from "./client-ip";
import { getDatabase, logFirstAdminHint } from "./db";
import { envProblems } from "./env";
import { getEvents } from "./events";
import { getJobs, runsWorker, startWorker } from "./jobs";
import { startMetrics } from "./metrics";
import { getRateLimits } from "./rate-limits";
import { authSecret, warnIfEmailIsNotSent, warnIfProvidersAreStandIns } from "./settings";
import { startTraces } from "./traces";

const globalForStartup = globalThis as typeof globalThis & { trellisFirstAdminHint?: Promise<void> };

/**
 * Checks the environment (./env.ts), starts tracing when asked (docs/decisions/049), opens (migrates; in development seeds) the database,
 * connects the event bus and the job queue and loads the session key — then
 * starts the job worker unless WORKER=off — or stops the process with
 * one line naming what is wrong — a malformed DATABASE_URL, a DATABASE_URL or
 * REDIS_URL that does not answer, a missing AUTH_SECRET — instead of failing
 * the first visitor's request. Idempotent: Next's instrumentation and the
 * production server both call it; `next build` never does.
 */
export async function startServicesOrExit(): Promise<void> {
  const problems = envProblems();
  if (problems.length > 0) {
    console.error(`Trellis cannot start: ${problems.join("; ")}`);
    process.exit(1);
  }
  try {
    // First, so the start's own SQL is traced too; loads nothing unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
    // Registered first and once (both callers start the services), so closed last: the spans of the shutdown's own work are sent too.
    await startTraces();
    authSecret();
    await getDatabase();
    await getEvents();
    await getRateLimits();
    await getJobs();
    trustedProxyHops();
    // With METRICS_TOKEN, metrics listen from the start (not from the first scrape).
    await startMetrics();
    // Both callers run in one production server: the notes are logged once.
    globalForStartup.trellisFirstAdminHint ??= getDatabase().then(async (database) => {
      await logFirstAdminHint(database);
      warnIfEmailIsNotSent();
      warnIfProvidersAreStandIns();
    });
    await globalForStartup.trellisFirstAdminHint;
  } catch (error) {
    // redactQueryValues: a failed query's message would otherwise end with its values (a seed's password hashes).
    console.error(`Trellis cannot start: ${error instanceof Error ? redactQueryValues(error).message : String(error)}`);
    process.exit(1);
  }
  // Background jobs run in this process unless WORKER=off (then `pnpm worker` runs them).
  if (runsWorker()) await startWorker();
}
