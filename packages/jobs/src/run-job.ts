import type { DataLayer } from "@trellis/db";
import { z } from "zod";

import { type AnyJob, type JobRun, PermanentJobError } from "./define";
import { type JobAttemptMessage, jobAttempts } from "./diagnostics";

/** The wait before retrying after failed attempt `attempt` (1-based): backoff, 2×, 4×… (BullMQ's "exponential"). */
export function retryDelayMs(backoffMs: number, attempt: number): number {
  return Math.round(backoffMs * 2 ** (attempt - 1));
}

/** Checks the payload against the job's schema, then runs it. A payload that does not match never will. */
export async function runJob(definition: AnyJob, payload: unknown, services: unknown, job: JobRun): Promise<void> {
  if (!jobAttempts.hasSubscribers) return runParsed(definition, payload, services, job);
  const started = performance.now();
  let failed = true;
  try {
    await runParsed(definition, payload, services, job);
    failed = false;
  } finally {
    const durationMs = performance.now() - started;
    jobAttempts.publish({ name: definition.name, failed, durationMs } satisfies JobAttemptMessage);
  }
}

async function runParsed(definition: AnyJob, payload: unknown, services: unknown, job: JobRun): Promise<void> {
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) {
    throw new PermanentJobError(`Invalid payload for ${definition.name}: ${z.prettifyError(parsed.error)}`);
  }
  await definition.run(parsed.data, services, job);
}

/**
 * `JobRun.once` on the database's receipts. `scope` names the job uniquely and
 * for good (a table job's UUIDv7; queue, id and creation time for BullMQ, whose
 * ids restart when Redis is emptied). The receipt is written after the effect:
 * a crash between the two repeats the effect — at least once, never silently
 * dropped — while a failure in a later step never does.
 */
export function onceWith(receipts: DataLayer["jobReceipts"], scope: string): JobRun["once"] {
  return async (step, effect) => {
    const key = `${scope}:${step}`;
    if (await receipts.has(key)) return;
    await effect();
    await receipts.add(key);
  };
}

/** What the failed list shows: the error's message (its class when it is not a plain Error), bounded. */
export function describeError(error: unknown): string {
  const text =
    error instanceof Error
      ? error.name && error.name !== "Error" && !error.message.startsWith(error.name)
        ? `${error.name}: ${error.message}`
        : error.message
      : String(error);
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}
