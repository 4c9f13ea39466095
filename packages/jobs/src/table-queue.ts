import type { DataLayer, StoredJob } from "@trellis/db";

import { type AnyJob, type JobRun, PermanentJobError, type ServicesOf } from "./define";
import { finishesWithin } from "./finishes-within";
import {
  type JobQueue,
  type JobWorker,
  KEEP_DONE_MS,
  KEEP_RECEIPTS_MS,
  registry,
  toNewJob,
  type WorkerOptions,
} from "./queue";
import { describeError, onceWith, retryDelayMs, runJob } from "./run-job";
import { traceJobRun } from "./trace-job";

/** The table queue's storage: the data layer's `jobs` and `jobReceipts`, on either dialect. */
export type TableStore = Pick<DataLayer, "jobs" | "jobReceipts">;

export interface TableQueue<Defs extends AnyJob> extends JobQueue<Defs> {
  readonly backend: "table";
  /**
   * Runs every job due now, one after another, until none is left; returns
   * how many ran. For tests and scripts: no worker loop, no timers.
   */
  runDue(services: ServicesOf<Defs>): Promise<number>;
}

const PRUNE_EVERY_MS = 3_600_000;

/**
 * The embedded default: jobs are rows in the app's own database (SQLite or
 * Postgres), so they survive restarts with everything else, and a write can
 * store its jobs in its own transaction (ADR 023). Workers poll for due jobs;
 * one in this process is woken at once when this process enqueues.
 */
export function createTableQueue<Defs extends AnyJob>(
  definitions: readonly Defs[],
  store: TableStore,
): TableQueue<Defs> {
  const jobs = registry(definitions);
  const workers = new Set<TableWorker>();
  const wakeWorkers = () => {
    for (const worker of workers) worker.wake();
  };
  const now = () => new Date();

  /** One attempt of a claimed job, from start to its recorded outcome. */
  async function attempt(job: StoredJob, services: unknown, options: Required<WorkerOptions>): Promise<void> {
    const run: JobRun = {
      id: job.id,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      once: onceWith(store.jobReceipts, job.id),
    };
    // A long job keeps its claim: renewed at a third of the lease, so one slow renewal is no loss.
    const renewal = setInterval(() => {
      const leaseUntil = new Date(Date.now() + options.leaseMs);
      store.jobs
        .extendLease({ id: job.id, attempt: job.attempts, leaseUntil })
        .catch((error: unknown) => options.log(`Job ${job.name} ${job.id}: renewing its lease failed`, error));
    }, options.leaseMs / 3);
    renewal.unref();
    try {
      // Only a job taken over from a worker that died during its last attempt gets here with none left.
      if (job.attempts > job.maxAttempts) {
        throw new PermanentJobError("The worker running its last attempt stopped before it finished");
      }
      await traceJobRun({ ...job, attempt: job.attempts }, () =>
        runJob(jobs.get(job.name), parsePayload(job.payload), services, run),
      );
      await store.jobs.complete({ id: job.id, attempt: job.attempts, now: now() });
    } catch (error) {
      const retry = !(error instanceof PermanentJobError) && job.attempts < job.maxAttempts;
      const retryAt = retry ? new Date(Date.now() + retryDelayMs(job.backoffMs, job.attempts)) : null;
      await store.jobs.fail({ id: job.id, attempt: job.attempts, error: describeError(error), retryAt, now: now() });
      options.log(
        `Job ${job.name} ${job.id} failed (attempt ${job.attempts} of ${job.maxAttempts}); ${
          retryAt ? `retrying at ${retryAt.toISOString()}` : "giving up"
        }`,
        error,
      );
    } finally {
      clearInterval(renewal);
    }
  }

  const claim = (leaseMs: number) => store.jobs.claim({ now: now(), leaseUntil: new Date(Date.now() + leaseMs) });

  class TableWorker implements JobWorker {
    private readonly inFlight = new Set<Promise<void>>();
    private stopping = false;
    private woken = false;
    private wakeSleeper: (() => void) | null = null;
    private readonly loop: Promise<void>;

    constructor(
      private readonly services: unknown,
      private readonly options: Required<WorkerOptions>,
    ) {
      this.loop = this.run();
    }

    /** Look for work now rather than at the next poll. */
    wake() {
      this.woken = true;
      this.wakeSleeper?.();
    }

    private async run() {
      let prunedAt = 0;
      while (!this.stopping) {
        this.woken = false;
        try {
          if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
            prunedAt = Date.now();
            await store.jobs.prune({
              doneBefore: new Date(Date.now() - KEEP_DONE_MS),
              receiptsBefore: new Date(Date.now() - KEEP_RECEIPTS_MS),
            });
          }
          while (!this.stopping && this.inFlight.size < this.options.concurrency) {
            const job = await claim(this.options.leaseMs);
            if (!job) break;
            const running: Promise<void> = attempt(job, this.services, this.options)
              .catch((error: unknown) =>
                this.options.log(`Job ${job.name} ${job.id}: recording its outcome failed`, error),
              )
              .finally(() => {
                this.inFlight.delete(running);
                this.wake();
              });
            this.inFlight.add(running);
          }
        } catch (error) {
          // The database may be briefly unavailable: say so, and try again at the next poll.
          this.options.log("Job worker: looking for due jobs failed", error);
        }
        await this.sleep(this.options.pollMs);
      }
    }

    private sleep(ms: number): Promise<void> {
      if (this.woken || this.stopping) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        this.wakeSleeper = done;
        function done() {
          clearTimeout(timer);
          resolve();
        }
      }).finally(() => {
        this.wakeSleeper = null;
      });
    }

    async stop({ timeoutMs = 30_000 }: { timeoutMs?: number } = {}) {
      this.stopping = true;
      this.wakeSleeper?.();
      await this.loop;
      workers.delete(this);
      if (!(await finishesWithin(Promise.allSettled([...this.inFlight]), timeoutMs))) {
        this.options.log(
          `Job worker stopped with ${this.inFlight.size} job(s) still running: each runs again once its lease expires`,
        );
      }
    }
  }

  return {
    backend: "table",
    async enqueue(name, payload, options) {
      const { id } = await store.jobs.enqueue(toNewJob(jobs.get(name), payload, options));
      wakeWorkers();
      return { id };
    },
    async enqueueWith(write, jobsFor) {
      const result = await write((written) =>
        jobsFor(written).map((request) => toNewJob(jobs.get(request.name), request.payload, request.options)),
      );
      if (result !== undefined) wakeWorkers();
      return result;
    },
    counts: () => store.jobs.counts(),
    async failed(limit) {
      const rows = await store.jobs.failed({ limit });
      return rows.map((job) => ({
        id: job.id,
        name: job.name,
        payload: parsePayloadOrText(job.payload),
        attempts: job.attempts,
        error: job.lastError ?? "",
        failedAt: job.finishedAt,
      }));
    },
    async retry(id) {
      const retried = await store.jobs.retry({ id, now: now() });
      if (retried) wakeWorkers();
      return retried;
    },
    discard: (id) => store.jobs.discard(id),
    work(services, options = {}) {
      const worker = new TableWorker(services, {
        concurrency: options.concurrency ?? 2,
        pollMs: options.pollMs ?? 500,
        leaseMs: options.leaseMs ?? 5 * 60_000,
        log: options.log ?? ((message, error) => console.error(message, error ?? "")),
      });
      workers.add(worker);
      return worker;
    },
    async runDue(services) {
      const options: Required<WorkerOptions> = {
        concurrency: 1,
        pollMs: 0,
        leaseMs: 5 * 60_000,
        log: () => {},
      };
      let ran = 0;
      for (let job = await claim(options.leaseMs); job; job = await claim(options.leaseMs)) {
        await attempt(job, services, options);
        ran += 1;
      }
      return ran;
    },
    close: async () => {},
  };
}

function parsePayload(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new PermanentJobError("The stored payload is not JSON");
  }
}

function parsePayloadOrText(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}
