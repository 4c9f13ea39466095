import { and, asc, count, desc, eq, inArray, lt } from "drizzle-orm";

import type { PgDb, PgTx } from "../../pg/db";
import { jobReceipts, jobs } from "../../schema/pg";
import { changed, first } from "../rows";
import type { DataLayer, NewJob } from "../types";
import { claimed, countsByState, dueAt, failedAttempt, failedJob, heldBy, retried } from "./shared";

/**
 * Stores jobs with the write in progress (its transaction): the outbox of
 * accounts.signUp and postExports.create. A key already stored adds nothing.
 */
export async function insertJobsIn(tx: PgTx, rows: NewJob[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(jobs).values(rows).onConflictDoNothing({ target: jobs.idempotencyKey });
}

/** The job queue table on Postgres (docs/jobs.md); the SQLite twin is ./sqlite.ts. */
export function pgJobs(db: PgDb): DataLayer["jobs"] {
  return {
    enqueue: async (job) => {
      const stored = first(
        await db
          .insert(jobs)
          .values(job)
          .onConflictDoNothing({ target: jobs.idempotencyKey })
          .returning({ id: jobs.id }),
      );
      if (stored) return { id: stored.id, created: true };
      const existing =
        job.idempotencyKey === null
          ? undefined
          : first(await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.idempotencyKey, job.idempotencyKey)));
      if (!existing) throw new Error(`Job ${job.name} was neither stored nor found by its idempotency key`);
      return { id: existing.id, created: false };
    },
    // One statement: the subquery locks the next due row, skipping rows other
    // workers' claims hold, and the UPDATE takes it. Concurrent workers each
    // get a different job, and none waits for another.
    claim: async ({ now, leaseUntil }) => {
      const next = db
        .select({ id: jobs.id })
        .from(jobs)
        .where(dueAt(jobs, now))
        .orderBy(asc(jobs.runAt), asc(jobs.id))
        .limit(1)
        .for("update", { skipLocked: true });
      return first(await db.update(jobs).set(claimed(jobs, leaseUntil)).where(inArray(jobs.id, next)).returning());
    },
    extendLease: async ({ id, attempt, leaseUntil }) =>
      changed(
        await db
          .update(jobs)
          .set({ lockedUntil: leaseUntil })
          .where(heldBy(jobs, id, attempt))
          .returning({ id: jobs.id }),
      ),
    complete: async ({ id, attempt, now }) =>
      changed(
        await db
          .update(jobs)
          .set({ state: "done", lockedUntil: null, finishedAt: now })
          .where(heldBy(jobs, id, attempt))
          .returning({ id: jobs.id }),
      ),
    fail: async ({ id, attempt, ...outcome }) =>
      changed(
        await db
          .update(jobs)
          .set(failedAttempt(outcome))
          .where(heldBy(jobs, id, attempt))
          .returning({ id: jobs.id }),
      ),
    byId: async (id) => first(await db.select().from(jobs).where(eq(jobs.id, id))),
    counts: async () =>
      countsByState(await db.select({ state: jobs.state, n: count() }).from(jobs).groupBy(jobs.state)),
    failed: ({ limit }) =>
      db.select().from(jobs).where(eq(jobs.state, "failed")).orderBy(desc(jobs.finishedAt), desc(jobs.id)).limit(limit),
    retry: async ({ id, now }) =>
      changed(await db.update(jobs).set(retried(now)).where(failedJob(jobs, id)).returning({ id: jobs.id })),
    discard: async (id) => changed(await db.delete(jobs).where(failedJob(jobs, id)).returning({ id: jobs.id })),
    prune: async ({ doneBefore, receiptsBefore }) => {
      await db.delete(jobs).where(and(eq(jobs.state, "done"), lt(jobs.finishedAt, doneBefore)));
      await db.delete(jobReceipts).where(lt(jobReceipts.createdAt, receiptsBefore));
    },
  };
}
