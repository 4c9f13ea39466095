import type { NewJob } from "@trellis/db";

import type { AnyJob, PayloadOf, ServicesOf } from "./define";
import { enqueuingTraceparent } from "./trace-job";

export interface EnqueueOptions {
  /**
   * Enqueueing a key that is already enqueued (waiting, active, failed, or
   * done within the last week) adds nothing and names the job already there.
   */
  idempotencyKey?: string;
  /** Override the definition's attempts and backoff. */
  attempts?: number;
  backoffMs?: number;
  /** Run no sooner than this many milliseconds from now. */
  delayMs?: number;
}

/** One job to enqueue: a name and its payload, checked against each other. */
export type JobRequest<Defs extends AnyJob> = {
  [N in Defs["name"]]: { name: N; payload: PayloadOf<Defs, N>; options?: EnqueueOptions };
}[Defs["name"]];

/** "Waiting" includes jobs whose retry is scheduled for later. */
export interface JobCounts {
  waiting: number;
  active: number;
  done: number;
  failed: number;
}

export interface FailedJob {
  id: string;
  name: string;
  payload: unknown;
  /** Attempts made before it failed for good. */
  attempts: number;
  error: string;
  failedAt: Date | null;
}

export interface WorkerOptions {
  /** Jobs run at once by this worker (default 2). */
  concurrency?: number;
  /** Table backend: how often to look for due jobs enqueued by other processes (default 500 ms). */
  pollMs?: number;
  /** Table backend: how long a job stays claimed without renewal (default 5 min) before another worker may take it over. */
  leaseMs?: number;
  /** Where failures are reported (default console.error). */
  log?: (message: string, error?: unknown) => void;
}

export interface JobWorker {
  /**
   * Takes no new job, and waits up to `timeoutMs` (default 30 s) for the jobs
   * in flight. A job still running then is not lost: it runs again once its
   * lease expires (table) or BullMQ finds it stalled.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * The one interface to background jobs, whichever backend is under it: a
 * table in the app's database (the embedded default) or BullMQ on Redis
 * (REDIS_URL). Payloads are typed and checked by each job's zod schema.
 */
export interface JobQueue<Defs extends AnyJob = AnyJob> {
  readonly backend: "table" | "bullmq";
  enqueue<N extends Defs["name"]>(
    name: N,
    payload: PayloadOf<Defs, N>,
    options?: EnqueueOptions,
  ): Promise<{ id: string }>;
  /**
   * A database write and the jobs it calls for, as atomically as the backend
   * allows. `write` passes `outbox` to the data layer, which stores the jobs
   * in the write's own transaction on the table backend: both or neither. On
   * BullMQ the outbox stays empty and the jobs are enqueued once the write
   * has committed (ADR 023 says what that cannot guarantee). A write that
   * resolves to undefined (nothing written) enqueues nothing. Annotate
   * `jobsFor`'s parameter (`(user: User) => …`): TypeScript infers R from it.
   */
  enqueueWith<R>(
    write: (outbox: (result: R) => NewJob[]) => Promise<R | undefined>,
    jobsFor: (result: R) => JobRequest<Defs>[],
  ): Promise<R | undefined>;
  counts(): Promise<JobCounts>;
  /** Failed jobs, most recently failed first. */
  failed(limit: number): Promise<FailedJob[]>;
  /** Runs a failed job again with all its attempts; false unless it is failed. */
  retry(id: string): Promise<boolean>;
  /** Deletes a failed job; false unless it is failed. */
  discard(id: string): Promise<boolean>;
  /** Starts a worker in this process. */
  work(services: ServicesOf<Defs>, options?: WorkerOptions): JobWorker;
  /** Closes connections (BullMQ); stop workers first. */
  close(): Promise<void>;
}

/** A definition by name, for the queues: an unknown name is a bug in the caller. */
export function registry<Defs extends AnyJob>(definitions: readonly Defs[]) {
  const byName = new Map<string, AnyJob>(definitions.map((definition) => [definition.name, definition]));
  return {
    find: (name: string) => byName.get(name),
    get(name: string): AnyJob {
      const definition = byName.get(name);
      if (!definition) throw new Error(`No job is defined as "${name}"`);
      return definition;
    },
  };
}

/**
 * Checks a payload and serializes it: the JSON is parsed back through the
 * schema, so a payload that would not survive storage (a Date, a Map) fails
 * here, at the call that enqueued it, not in the worker later.
 */
export function serializePayload(definition: AnyJob, payload: unknown): string {
  const json = JSON.stringify(payload);
  definition.payload.parse(json === undefined ? undefined : JSON.parse(json));
  return json;
}

/** A job as the table stores it. */
export function toNewJob(definition: AnyJob, payload: unknown, options: EnqueueOptions = {}, now = Date.now()): NewJob {
  return {
    name: definition.name,
    payload: serializePayload(definition, payload),
    idempotencyKey: options.idempotencyKey ?? null,
    maxAttempts: options.attempts ?? definition.attempts,
    backoffMs: options.backoffMs ?? definition.backoffMs,
    runAt: new Date(now + (options.delayMs ?? 0)),
    // The enqueuing span's context, when tracing is on: the run continues its trace (./trace-job.ts).
    traceparent: enqueuingTraceparent() ?? null,
  };
}

/** How long done jobs (and their idempotency keys) are kept: a week. */
export const KEEP_DONE_MS = 7 * 24 * 3_600_000;
/** How long receipts are kept: longer than a failed job is likely to wait for an admin's retry. */
export const KEEP_RECEIPTS_MS = 30 * 24 * 3_600_000;
