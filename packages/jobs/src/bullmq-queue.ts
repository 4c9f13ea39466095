import { createHash } from "node:crypto";

import type { DataLayer } from "@trellis/db";
import { type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";

import { type AnyJob, PermanentJobError } from "./define";
import { finishesWithin } from "./finishes-within";
import { type EnqueueOptions, type JobQueue, type JobWorker, KEEP_DONE_MS, registry, serializePayload } from "./queue";
import { onceWith, runJob } from "./run-job";
import { enqueuingTraceparent, traceBullEnqueue, traceJobRun } from "./trace-job";

export interface BullQueueOptions {
  url: string;
  /** The BullMQ queue, so apps sharing one Redis keep their jobs apart (default "trellis"). */
  queueName?: string;
  /** Where `once` keeps its receipts: the app's database, like the table backend. */
  receipts: DataLayer["jobReceipts"];
}

/**
 * The scale-out engine: BullMQ on Redis (REDIS_URL). Workers on any number of
 * machines take jobs as they arrive (a blocking read, no polling), and BullMQ
 * handles retries with backoff, stalled jobs and the failed set. Connects
 * before resolving, so an unreachable REDIS_URL fails at start.
 */
export async function createBullQueue<Defs extends AnyJob>(
  definitions: readonly Defs[],
  options: BullQueueOptions,
): Promise<JobQueue<Defs>> {
  const jobs = registry(definitions);
  const queueName = options.queueName ?? "trellis";
  // BullMQ's workers block on Redis, so commands must wait out a reconnect rather than give up (null).
  const connection = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: null });
  connection.on("error", (error: Error) => console.error(`Jobs: Redis: ${error.message}`));
  try {
    await connection.connect();
  } catch (error) {
    connection.disconnect(); // else it keeps retrying in the background
    throw error;
  }
  const queue = new Queue(queueName, { connection });
  const workers = new Set<Worker>();

  async function add(name: string, payload: unknown, options: EnqueueOptions = {}) {
    const definition = jobs.get(name);
    const json = serializePayload(definition, payload);
    const traceparent = enqueuingTraceparent();
    const job = await traceBullEnqueue(name, () =>
      queue.add(name, JSON.parse(json), {
        jobId: options.idempotencyKey === undefined ? undefined : bullJobId(options.idempotencyKey),
        attempts: options.attempts ?? definition.attempts,
        backoff: { type: "exponential", delay: options.backoffMs ?? definition.backoffMs },
        delay: options.delayMs,
        // Done jobs stay a week, and their ids with them: the idempotency window, as on the table.
        removeOnComplete: { age: KEEP_DONE_MS / 1000 },
        removeOnFail: false,
        // The enqueuing span's context, when tracing is on: BullMQ stores it with the job; its run continues
        // that trace (./trace-job.ts). BullMQ's own telemetry stays off: no Telemetry instance is given it.
        ...(traceparent ? { telemetry: { metadata: traceparent } } : {}),
      }),
    );
    return { id: job.id ?? "" };
  }

  async function failedJob(id: string): Promise<Job | undefined> {
    const job = await queue.getJob(id);
    return job && (await job.getState()) === "failed" ? job : undefined;
  }

  return {
    backend: "bullmq",
    enqueue: (name, payload, options) => add(name, payload, options),
    async enqueueWith(write, jobsFor) {
      // Redis cannot join the database's transaction: enqueue once the write has committed.
      const result = await write(() => []);
      if (result !== undefined) {
        for (const request of jobsFor(result)) await add(request.name, request.payload, request.options);
      }
      return result;
    },
    async counts() {
      const counts = await queue.getJobCounts(
        "waiting",
        "delayed",
        "prioritized",
        "waiting-children",
        "active",
        "completed",
        "failed",
      );
      const n = (state: string) => counts[state] ?? 0;
      return {
        waiting: n("waiting") + n("delayed") + n("prioritized") + n("waiting-children"),
        active: n("active"),
        done: n("completed"),
        failed: n("failed"),
      };
    },
    async failed(limit) {
      const failed = await queue.getFailed(0, limit - 1);
      return failed.map((job) => ({
        id: job.id ?? "",
        name: job.name,
        payload: job.data,
        attempts: job.attemptsMade,
        error: job.failedReason ?? "",
        failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
      }));
    },
    async retry(id) {
      const job = await failedJob(id);
      if (!job) return false;
      await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    },
    async discard(id) {
      const job = await failedJob(id);
      if (!job) return false;
      await job.remove();
      return true;
    },
    work(services, workerOptions = {}): JobWorker {
      const log = workerOptions.log ?? ((message, error) => console.error(message, error ?? ""));
      const worker = new Worker(
        queueName,
        async (job) => {
          try {
            const definition = jobs.find(job.name);
            if (!definition) throw new PermanentJobError(`No job is defined as "${job.name}" in this worker`);
            const run = { id: job.id ?? "", attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 };
            const traceparent = job.opts.telemetry?.metadata;
            await traceJobRun({ name: job.name, ...run, traceparent }, () =>
              runJob(definition, job.data, services, {
                ...run,
                once: onceWith(options.receipts, `${queueName}:${job.id}:${job.timestamp}`),
              }),
            );
          } catch (error) {
            // BullMQ's way to skip the remaining attempts.
            if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
            throw error;
          }
        },
        { connection, concurrency: workerOptions.concurrency ?? 2 },
      );
      worker.on("failed", (job, error) => {
        const attempts = job?.opts.attempts ?? 1;
        const made = job?.attemptsMade ?? 0;
        log(
          `Job ${job?.name} ${job?.id} failed (attempt ${made} of ${attempts}); ${made < attempts ? "retrying" : "giving up"}`,
          error,
        );
      });
      worker.on("error", (error) => log("Job worker: BullMQ", error));
      workers.add(worker);
      return {
        async stop({ timeoutMs = 30_000 } = {}) {
          workers.delete(worker);
          if (!(await finishesWithin(worker.close(), timeoutMs))) {
            log("Job worker stopped with jobs still running: BullMQ runs them again once it finds them stalled");
            await worker.close(true);
          }
        },
      };
    },
    async close() {
      await Promise.all([...workers].map((worker) => worker.close()));
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/**
 * An idempotency key as a BullMQ job id: BullMQ refuses ids with ":" and
 * integer ids (its own), so the key is hashed into a stable, valid one.
 */
function bullJobId(idempotencyKey: string): string {
  return `key-${createHash("sha256").update(idempotencyKey).digest("base64url")}`;
}
