import { type AppJobQueue, appJobs, type JobWorker, openJobQueue } from "@trellis/jobs";
import { logger } from "@trellis/server/log";
import { type Settings, settings } from "@trellis/validators/settings";

import { getDatabase } from "./db";
import { appUrl, getMailer } from "./settings";
import { onShutdown } from "./shutdown";

// One queue and at most one worker per process, whoever asks first (instrumentation, server.ts,
// `pnpm worker`; Next dev reloads modules): kept on globalThis like the database.
const globalForJobs = globalThis as typeof globalThis & {
  trellisJobs?: Promise<AppJobQueue>;
  trellisWorker?: Promise<JobWorker>;
};

/**
 * The job queue: a table in the app's database by default, BullMQ when
 * REDIS_URL is set (JOBS_QUEUE names the queue, default "trellis", so apps
 * sharing a Redis keep their jobs apart). A REDIS_URL that does not answer
 * stops the server at start, never a silent fallback to the table.
 */
export function getJobs(): Promise<AppJobQueue> {
  globalForJobs.trellisJobs ??= open().catch((error: unknown) => {
    globalForJobs.trellisJobs = undefined;
    throw error;
  });
  return globalForJobs.trellisJobs;
}

async function open(): Promise<AppJobQueue> {
  const { data } = await getDatabase();
  const queue = await openJobQueue(appJobs, {
    data,
    redisUrl: settings().redisUrl,
    queueName: settings().jobsQueue,
  });
  onShutdown("job queue", () => queue.close());
  return queue;
}

/** Whether this process runs the jobs: yes, unless WORKER=off (dedicated `pnpm worker` processes run them). */
export function runsWorker(config: Pick<Settings, "runsWorker"> = settings()): boolean {
  return config.runsWorker;
}

/**
 * Starts this process's worker (once). It stops when the process does: the
 * shutdown registry stops it before the queue and the database it needs,
 * letting the jobs in flight finish first.
 */
export function startWorker({ stopTimeoutMs = 4_000 }: { stopTimeoutMs?: number } = {}): Promise<JobWorker> {
  globalForJobs.trellisWorker ??= (async () => {
    const [queue, { data }] = await Promise.all([getJobs(), getDatabase()]);
    const log = logger();
    const worker = queue.work(
      { data, mailer: getMailer(), appUrl: appUrl() },
      // A failed attempt is expected now and then (a mail server down); its retries are scheduled.
      { pollMs: 250, log: (message, error) => log.warn({ err: error }, message) },
    );
    // In the app, within the 5 s its shutdown gives each service; a job still running then runs again later.
    onShutdown("job worker", () => worker.stop({ timeoutMs: stopTimeoutMs }));
    log.info({ backend: queue.backend }, `job worker started (${queue.backend})`);
    return worker;
  })();
  return globalForJobs.trellisWorker;
}
