import { and, eq, lte, or, type SQL, sql } from "drizzle-orm";

import type { AnyTables } from "../fragments";

// The job queue table: the conditions and writes both dialects share. The
// builder chains that use them, one file per dialect, are ./sqlite.ts and
// ./pg.ts.

/**
 * A job a worker may take at `now`: waiting and due, or active with a lease
 * that ran out (the worker holding it died or hung). Answered from jobs_due_idx.
 */
export function dueAt(jobs: AnyTables["jobs"], now: Date): SQL | undefined {
  return or(
    and(eq(jobs.state, "waiting"), lte(jobs.runAt, now)),
    and(eq(jobs.state, "active"), lte(jobs.lockedUntil, now)),
  );
}

/** What a claim writes: active until `leaseUntil`, one more attempt started. */
export function claimed(jobs: AnyTables["jobs"], leaseUntil: Date) {
  return { state: "active" as const, attempts: sql`${jobs.attempts} + 1`, lockedUntil: leaseUntil };
}

/** The attempt `attempt` of job `id`, while it still holds the job. */
export function heldBy(jobs: AnyTables["jobs"], id: string, attempt: number): SQL | undefined {
  return and(eq(jobs.id, id), eq(jobs.attempts, attempt), eq(jobs.state, "active"));
}

/** Job `id`, if it failed for good: what an admin may retry or discard. */
export function failedJob(jobs: AnyTables["jobs"], id: string): SQL | undefined {
  return and(eq(jobs.id, id), eq(jobs.state, "failed"));
}

/** What a failed attempt writes: waiting again from `retryAt`, or failed for good. */
export function failedAttempt(input: { error: string; retryAt: Date | null; now: Date }) {
  return input.retryAt
    ? { state: "waiting" as const, runAt: input.retryAt, lockedUntil: null, lastError: input.error }
    : { state: "failed" as const, lockedUntil: null, lastError: input.error, finishedAt: input.now };
}

/** What an admin's retry writes: waiting now, with every attempt available again. */
export function retried(now: Date) {
  return { state: "waiting" as const, attempts: 0, runAt: now, lockedUntil: null, finishedAt: null };
}

/** Zero for every state, then the counts a GROUP BY found (Postgres counts arrive as strings). */
export function countsByState(rows: { state: "waiting" | "active" | "done" | "failed"; n: number | string }[]) {
  const counts = { waiting: 0, active: 0, done: 0, failed: 0 };
  for (const row of rows) counts[row.state] = Number(row.n);
  return counts;
}
