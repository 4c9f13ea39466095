/**
 * Background jobs: one interface (`JobQueue`: enqueue, enqueueWith, the admin's
 * counts, failed list, retry and discard, and workers) over two backends — a
 * table in the app's database by default, BullMQ on Redis when REDIS_URL is
 * set. The app's jobs are in ./jobs. See docs/jobs.md and ADR 023.
 */
export { parseCsv, toCsv, UTF8_BOM } from "./csv";
export {
  type AnyJob,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  defineJob,
  type JobDefinition,
  type JobRun,
  type PayloadOf,
  PermanentJobError,
  type ServicesOf,
} from "./define";
export {
  type AppJob,
  type AppJobName,
  type AppJobQueue,
  type AppServices,
  appJobs,
  enqueueWeeklyDigests,
  exportFileName,
  POSTS_CSV_HEADER,
  weekOf,
} from "./jobs";
export { openJobQueue } from "./open";
export type { EnqueueOptions, FailedJob, JobCounts, JobQueue, JobRequest, JobWorker, WorkerOptions } from "./queue";
export { retryDelayMs } from "./run-job";
export { createTableQueue, type TableQueue } from "./table-queue";
