/**
 * `pnpm worker`: the background jobs in a process of their own, for
 * scaled-out deployments — run the app with WORKER=off and as many of these
 * as the jobs need (with REDIS_URL, on any machine; on the table backend,
 * beside the app's database). Same settings as the app (DATABASE_URL,
 * REDIS_URL, JOBS_QUEUE, SMTP_URL, MAILBOX_DIR, APP_URL, OTEL_*); with
 * METRICS_TOKEN and METRICS_PORT, its job metrics on that port's /api/metrics.
 *
 * SIGTERM or SIGINT stops it gracefully: no new job is taken, the jobs in
 * flight get up to 25 s to finish, then the queue and the database close.
 *
 *   node --import tsx src/cli/worker.ts
 */
import { logger } from "@trellis/server/log";
import { settings } from "@trellis/validators/settings";

import { envProblems } from "../server/env";
import { getJobs, startWorker } from "../server/jobs";
import { getMetrics, startMetrics } from "../server/metrics";
import { closeRegistered, onShutdown } from "../server/shutdown";
import { startTraces } from "../server/traces";
import { serveWorkerMetrics } from "../server/worker-metrics";

const problems = envProblems();
if (problems.length > 0) {
  console.error(`Trellis worker cannot start: ${problems.join("; ")}`);
  process.exit(1);
}
const log = logger();

try {
  // A job's run continues the trace of the request that enqueued it (docs/observability.md); closed last.
  await startTraces();
  await getJobs();
  // Its job attempts and failures, scraped from the worker itself; closed after the worker has drained.
  const { metricsToken, metricsPort } = settings();
  if (metricsToken && metricsPort) {
    await startMetrics();
    const server = await serveWorkerMetrics({ port: metricsPort, token: metricsToken, metrics: getMetrics() });
    onShutdown("metrics listener", () => new Promise<void>((resolve) => server.close(() => resolve())));
  }
  await startWorker({ stopTimeoutMs: 25_000 });
} catch (error) {
  console.error(`Trellis worker cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) {
    log.warn({ signal }, `${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  log.info({ signal }, `${signal}: stopping the worker`);
  // The worker first (newest first), then the queue, then the database.
  const failed = await closeRegistered({ timeoutMs: 30_000, log });
  process.exit(failed.length === 0 ? 0 : 1);
}
process.on("SIGTERM", (signal) => void stop(signal));
process.on("SIGINT", (signal) => void stop(signal));
