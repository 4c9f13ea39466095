import type { z } from "zod";

/**
 * What a job's `run` gets besides its payload and services: which attempt
 * this is, and a way to do a side effect at most once across attempts.
 */
export interface JobRun {
  /** The job's id in its queue: the same on every attempt. */
  id: string;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  /**
   * Runs `effect` unless an earlier attempt of this job already completed the
   * step named `step` (a receipt is recorded once it succeeds). For effects a
   * retry must not repeat, such as sending an email: if a later step fails and
   * the job runs again, the email is not sent twice.
   */
  once(step: string, effect: () => Promise<void>): Promise<void>;
}

/**
 * A kind of job: its name, the zod schema its payload must match (checked
 * when it is enqueued and again when it runs), how often to try it, and what
 * it does. `Services` are what the worker hands every run (database, mailer…).
 */
export interface JobDefinition<
  Name extends string = string,
  Payload extends z.ZodType = z.ZodType,
  Services = unknown,
> {
  readonly name: Name;
  readonly payload: Payload;
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** The wait before the first retry; each next retry waits twice as long. */
  readonly backoffMs: number;
  // A method, not a function property: a registry holds definitions with different payloads.
  run(payload: z.output<Payload>, services: Services, job: JobRun): Promise<void>;
}

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 2_000;

/** A job definition, with the default attempts (5) and backoff (2 s, then 4, 8, 16) unless given. */
export function defineJob<const Name extends string, Payload extends z.ZodType, Services>(spec: {
  name: Name;
  payload: Payload;
  attempts?: number;
  backoffMs?: number;
  run: (payload: z.output<Payload>, services: Services, job: JobRun) => Promise<void>;
}): JobDefinition<Name, Payload, Services> {
  return {
    name: spec.name,
    payload: spec.payload,
    attempts: spec.attempts ?? DEFAULT_ATTEMPTS,
    backoffMs: spec.backoffMs ?? DEFAULT_BACKOFF_MS,
    run: spec.run,
  };
}

/** Any job definition: what a queue holds. */
export type AnyJob = JobDefinition;

/** The payload `enqueue` takes for the job named `N` (the schema's input). */
export type PayloadOf<Defs extends AnyJob, N extends Defs["name"]> = z.input<Extract<Defs, { name: N }>["payload"]>;

/** The services the jobs of a registry run with. */
export type ServicesOf<Defs extends AnyJob> = Defs extends JobDefinition<string, z.ZodType, infer S> ? S : never;

/**
 * A failure no retry can fix (a payload that does not match, a row that is
 * gone): the job fails at once, whatever attempts it has left.
 */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}
