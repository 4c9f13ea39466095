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
import * as t from "../schema/pg";
import type { PgDb } from "./data";

const { jobs, jobReceipts, postExports, posts, users, comments, likes } = t;

type PgTx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];

/**
 * Stores jobs with the write in progress (its transaction): the outbox of
 * accounts.signUp and postExports.create. A key already stored adds nothing.
 */
export async function insertJobsIn(tx: PgTx, rows: NewJob[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(jobs).values(rows).onConflictDoNothing({ target: jobs.idempotencyKey });
}

type JobsData = Pick<DataLayer, "jobs" | "jobReceipts" | "postExports" | "reports">;

/**
 * What background jobs work with, on Postgres: the queue table, receipts,
 * exports and the digest's queries. Its twin is ../sqlite/jobs-data.ts.
 */
export function createPgJobsData(db: PgDb): JobsData {
  const changed = (rows: unknown[]) => rows.length > 0;

  return {
    jobs: {
      enqueue: async (job) => {
        const [stored] = await db
          .insert(jobs)
          .values(job)
          .onConflictDoNothing({ target: jobs.idempotencyKey })
          .returning({ id: jobs.id });
        if (stored) return { id: stored.id, created: true };
        const [existing] =
          job.idempotencyKey === null
            ? []
            : await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.idempotencyKey, job.idempotencyKey));
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
        const [job] = await db.update(jobs).set(claimed(jobs, leaseUntil)).where(inArray(jobs.id, next)).returning();
        return job;
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
      byId: async (id) => (await db.select().from(jobs).where(eq(jobs.id, id)))[0],
      counts: async () =>
        countsByState(await db.select({ state: jobs.state, n: count() }).from(jobs).groupBy(jobs.state)),
      failed: async ({ limit }) =>
        db
          .select()
          .from(jobs)
          .where(eq(jobs.state, "failed"))
          .orderBy(desc(jobs.finishedAt), desc(jobs.id))
          .limit(limit),
      retry: async ({ id, now }) =>
        changed(
          await db
            .update(jobs)
            .set(retried(now))
            .where(and(eq(jobs.id, id), eq(jobs.state, "failed")))
            .returning({ id: jobs.id }),
        ),
      discard: async (id) =>
        changed(
          await db
            .delete(jobs)
            .where(and(eq(jobs.id, id), eq(jobs.state, "failed")))
            .returning({ id: jobs.id }),
        ),
      prune: async ({ doneBefore, receiptsBefore }) => {
        await db.delete(jobs).where(and(eq(jobs.state, "done"), lt(jobs.finishedAt, doneBefore)));
        await db.delete(jobReceipts).where(lt(jobReceipts.createdAt, receiptsBefore));
      },
    },

    jobReceipts: {
      has: async (key) =>
        changed(await db.select({ key: jobReceipts.key }).from(jobReceipts).where(eq(jobReceipts.key, key))),
      add: async (key) => {
        await db.insert(jobReceipts).values({ key }).onConflictDoNothing();
      },
    },

    postExports: {
      create: async ({ requestedBy, jobs: jobsFor }) =>
        db.transaction(async (tx) => {
          const [created] = await tx.insert(postExports).values({ requestedBy }).returning(exportFields(t));
          if (!created) throw new Error("INSERT … RETURNING returned no row");
          await insertJobsIn(tx, jobsFor?.(created) ?? []);
          return created;
        }),
      byId: async (id) => (await db.select(exportFields(t)).from(postExports).where(eq(postExports.id, id)))[0],
      file: async (id) => {
        const [row] = await db
          .select({ csv: postExports.csv, createdAt: postExports.createdAt })
          .from(postExports)
          .where(and(eq(postExports.id, id), eq(postExports.status, "ready")));
        return row?.csv == null ? undefined : { csv: row.csv, createdAt: row.createdAt };
      },
      complete: async ({ id, csv, rowCount, now }) => {
        await db
          .update(postExports)
          .set({ status: "ready", csv, rowCount, error: null, completedAt: now })
          .where(eq(postExports.id, id));
      },
      fail: async ({ id, error, now }) => {
        await db.update(postExports).set({ status: "failed", error, completedAt: now }).where(eq(postExports.id, id));
      },
    },

    reports: {
      weeklyDigest: async ({ userId, since, limit }) => {
        const topPosts = await db
          .select(digestPostFields(t))
          .from(posts)
          .innerJoin(users, eq(users.id, posts.authorId))
          .where(gte(posts.createdAt, since))
          .orderBy(desc(likeCountOf(posts, likes)), desc(posts.createdAt), desc(posts.id))
          .limit(limit);
        const newComments = await db
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
          .limit(limit);
        return { topPosts, newComments };
      },
    },
  };
}
