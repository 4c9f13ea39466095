import { and, asc, count, desc, eq, inArray, lt } from "drizzle-orm";

import { jobReceipts, jobs } from "../../schema/sqlite";
import type { SqliteDb, SqliteTx, WriteTransaction } from "../../sqlite/transaction";
import { changed } from "../rows";
import type { DataLayer, NewJob } from "../types";
import { claimed, countsByState, dueAt, failedAttempt, failedJob, heldBy, retried } from "./shared";

/**
 * Stores jobs with the write in progress (its transaction): the outbox of
 * accounts.signUp and postExports.create. A key already stored adds nothing.
 */
export function insertJobsIn(tx: SqliteTx, rows: NewJob[]): void {
  for (const row of rows) tx.insert(jobs).values(row).onConflictDoNothing({ target: jobs.idempotencyKey }).run();
}

/** The job queue table on SQLite (docs/jobs.md); the Postgres twin is ./pg.ts. */
export function sqliteJobs(db: SqliteDb, transaction: WriteTransaction): DataLayer["jobs"] {
  return {
    enqueue: async (job) => {
      const stored = db
        .insert(jobs)
        .values(job)
        .onConflictDoNothing({ target: jobs.idempotencyKey })
        .returning({ id: jobs.id })
        .get();
      if (stored) return { id: stored.id, created: true };
      const existing =
        job.idempotencyKey === null
          ? undefined
          : db.select({ id: jobs.id }).from(jobs).where(eq(jobs.idempotencyKey, job.idempotencyKey)).get();
      if (!existing) throw new Error(`Job ${job.name} was neither stored nor found by its idempotency key`);
      return { id: existing.id, created: false };
    },
    // One UPDATE … RETURNING picks and takes the job, inside an IMMEDIATE
    // transaction: no other writer (another process's worker) can take it between.
    claim: async ({ now, leaseUntil }) =>
      transaction((tx) => {
        const next = tx
          .select({ id: jobs.id })
          .from(jobs)
          .where(dueAt(jobs, now))
          .orderBy(asc(jobs.runAt), asc(jobs.id))
          .limit(1);
        return tx.update(jobs).set(claimed(jobs, leaseUntil)).where(inArray(jobs.id, next)).returning().get();
      }),
    extendLease: async ({ id, attempt, leaseUntil }) =>
      changed(
        db
          .update(jobs)
          .set({ lockedUntil: leaseUntil })
          .where(heldBy(jobs, id, attempt))
          .returning({ id: jobs.id })
          .all(),
      ),
    complete: async ({ id, attempt, now }) =>
      changed(
        db
          .update(jobs)
          .set({ state: "done", lockedUntil: null, finishedAt: now })
          .where(heldBy(jobs, id, attempt))
          .returning({ id: jobs.id })
          .all(),
      ),
    fail: async ({ id, attempt, ...outcome }) =>
      changed(
        db
          .update(jobs)
          .set(failedAttempt(outcome))
          .where(heldBy(jobs, id, attempt))
          .returning({ id: jobs.id })
          .all(),
      ),
    byId: async (id) => db.select().from(jobs).where(eq(jobs.id, id)).get(),
    counts: async () =>
      countsByState(db.select({ state: jobs.state, n: count() }).from(jobs).groupBy(jobs.state).all()),
    failed: async ({ limit }) =>
      db
        .select()
        .from(jobs)
        .where(eq(jobs.state, "failed"))
        .orderBy(desc(jobs.finishedAt), desc(jobs.id))
        .limit(limit)
        .all(),
    retry: async ({ id, now }) =>
      changed(db.update(jobs).set(retried(now)).where(failedJob(jobs, id)).returning({ id: jobs.id }).all()),
    discard: async (id) => changed(db.delete(jobs).where(failedJob(jobs, id)).returning({ id: jobs.id }).all()),
    prune: async ({ doneBefore, receiptsBefore }) => {
      db.delete(jobs)
        .where(and(eq(jobs.state, "done"), lt(jobs.finishedAt, doneBefore)))
        .run();
      db.delete(jobReceipts).where(lt(jobReceipts.createdAt, receiptsBefore)).run();
    },
  };
}
