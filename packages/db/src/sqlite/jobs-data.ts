import { and, asc, count, desc, eq, gte, inArray, lt, ne } from "drizzle-orm";

import {
  claimed,
  countsByState,
  digestPostFields,
  dueAt,
  exportFields,
  failedAttempt,
  heldBy,
  likeCountOf,
  retried,
} from "../data/job-fragments";
import type { DataLayer, NewJob } from "../data/types";
import * as t from "../schema/sqlite";
import type { SqliteDb, SqliteTx, WriteTransaction } from "./transaction";

const { jobs, jobReceipts, postExports, posts, users, comments, likes } = t;

/**
 * Stores jobs with the write in progress (its transaction): the outbox of
 * accounts.signUp and postExports.create. A key already stored adds nothing.
 */
export function insertJobsIn(tx: SqliteTx, rows: NewJob[]): void {
  for (const row of rows) tx.insert(jobs).values(row).onConflictDoNothing({ target: jobs.idempotencyKey }).run();
}

type JobsData = Pick<DataLayer, "jobs" | "jobReceipts" | "postExports" | "reports">;

/**
 * What background jobs work with, on SQLite: the queue table, receipts,
 * exports and the digest's queries. Its twin is ../pg/jobs-data.ts.
 */
export function createSqliteJobsData(db: SqliteDb, transaction: WriteTransaction): JobsData {
  return {
    jobs: {
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
        db
          .update(jobs)
          .set({ lockedUntil: leaseUntil })
          .where(heldBy(jobs, id, attempt))
          .returning({ id: jobs.id })
          .all().length > 0,
      complete: async ({ id, attempt, now }) =>
        db
          .update(jobs)
          .set({ state: "done", lockedUntil: null, finishedAt: now })
          .where(heldBy(jobs, id, attempt))
          .returning({ id: jobs.id })
          .all().length > 0,
      fail: async ({ id, attempt, ...outcome }) =>
        db
          .update(jobs)
          .set(failedAttempt(outcome))
          .where(heldBy(jobs, id, attempt))
          .returning({ id: jobs.id })
          .all().length > 0,
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
        db
          .update(jobs)
          .set(retried(now))
          .where(and(eq(jobs.id, id), eq(jobs.state, "failed")))
          .returning({ id: jobs.id })
          .all().length > 0,
      discard: async (id) =>
        db
          .delete(jobs)
          .where(and(eq(jobs.id, id), eq(jobs.state, "failed")))
          .returning({ id: jobs.id })
          .all().length > 0,
      prune: async ({ doneBefore, receiptsBefore }) => {
        db.delete(jobs)
          .where(and(eq(jobs.state, "done"), lt(jobs.finishedAt, doneBefore)))
          .run();
        db.delete(jobReceipts).where(lt(jobReceipts.createdAt, receiptsBefore)).run();
      },
    },

    jobReceipts: {
      has: async (key) =>
        db.select({ key: jobReceipts.key }).from(jobReceipts).where(eq(jobReceipts.key, key)).get() !== undefined,
      add: async (key) => {
        db.insert(jobReceipts).values({ key }).onConflictDoNothing().run();
      },
    },

    postExports: {
      create: async ({ requestedBy, jobs: jobsFor }) =>
        transaction((tx) => {
          const created = tx.insert(postExports).values({ requestedBy }).returning(exportFields(t)).get();
          insertJobsIn(tx, jobsFor?.(created) ?? []);
          return created;
        }),
      byId: async (id) => db.select(exportFields(t)).from(postExports).where(eq(postExports.id, id)).get(),
      file: async (id) => {
        const row = db
          .select({ csv: postExports.csv, createdAt: postExports.createdAt })
          .from(postExports)
          .where(and(eq(postExports.id, id), eq(postExports.status, "ready")))
          .get();
        return row?.csv == null ? undefined : { csv: row.csv, createdAt: row.createdAt };
      },
      complete: async ({ id, csv, rowCount, now }) => {
        db.update(postExports)
          .set({ status: "ready", csv, rowCount, error: null, completedAt: now })
          .where(eq(postExports.id, id))
          .run();
      },
      fail: async ({ id, error, now }) => {
        db.update(postExports).set({ status: "failed", error, completedAt: now }).where(eq(postExports.id, id)).run();
      },
    },

    reports: {
      weeklyDigest: async ({ userId, since, limit }) => {
        const topPosts = db
          .select(digestPostFields(t))
          .from(posts)
          .innerJoin(users, eq(users.id, posts.authorId))
          .where(gte(posts.createdAt, since))
          .orderBy(desc(likeCountOf(posts, likes)), desc(posts.createdAt), desc(posts.id))
          .limit(limit)
          .all();
        const newComments = db
          .select({
            id: comments.id,
            postId: comments.postId,
            postTitle: posts.title,
            authorName: users.name,
            body: comments.body,
            createdAt: comments.createdAt,
          })
          .from(comments)
          .innerJoin(posts, eq(posts.id, comments.postId))
          .innerJoin(users, eq(users.id, comments.authorId))
          .where(and(eq(posts.authorId, userId), ne(comments.authorId, userId), gte(comments.createdAt, since)))
          .orderBy(desc(comments.createdAt), desc(comments.id))
          .limit(limit)
          .all();
        return { topPosts, newComments };
      },
    },
  };
}
