import { and, desc, eq, gte, lte, ne, or, type SQL, sql } from "drizzle-orm";

import type * as pg from "../schema/pg";
import type * as sqlite from "../schema/sqlite";

type AnyTables = typeof sqlite | typeof pg;

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

/** An export's columns without the file, which only the download reads. */
export function exportFields(t: typeof sqlite): ExportFields<typeof sqlite>;
export function exportFields(t: typeof pg): ExportFields<typeof pg>;
export function exportFields({ postExports }: AnyTables) {
  const { id, requestedBy, status, rowCount, error, createdAt, completedAt } = postExports;
  return { id, requestedBy, status, rowCount, error, createdAt, completedAt };
}

type ExportFields<T extends AnyTables> = {
  id: T["postExports"]["id"];
  requestedBy: T["postExports"]["requestedBy"];
  status: T["postExports"]["status"];
  rowCount: T["postExports"]["rowCount"];
  error: T["postExports"]["error"];
  createdAt: T["postExports"]["createdAt"];
  completedAt: T["postExports"]["completedAt"];
};

/** A weekly digest's top post: its title, author and counts (correlated subqueries, as in the feed). */
export function digestPostFields(t: typeof sqlite): DigestPostFields<typeof sqlite>;
export function digestPostFields(t: typeof pg): DigestPostFields<typeof pg>;
export function digestPostFields({ posts, users, likes, comments }: AnyTables) {
  return {
    id: posts.id,
    title: posts.title,
    authorName: users.name,
    likeCount: likeCountOf(posts, likes),
    commentCount: sql<number>`(select count(*) from ${comments} where ${comments.postId} = ${posts.id})`.mapWith(
      Number,
    ),
  };
}

type DigestPostFields<T extends AnyTables> = {
  id: T["posts"]["id"];
  title: T["posts"]["title"];
  authorName: T["users"]["name"];
  likeCount: SQL<number>;
  commentCount: SQL<number>;
};

/** A post's like count, for selecting and for ordering by. */
export function likeCountOf(posts: AnyTables["posts"], likes: AnyTables["likes"]): SQL<number> {
  return sql<number>`(select count(*) from ${likes} where ${likes.postId} = ${posts.id})`.mapWith(Number);
}

/** A weekly digest's new comment: on which post, by whom. */
export function digestCommentFields(t: typeof sqlite): DigestCommentFields<typeof sqlite>;
export function digestCommentFields(t: typeof pg): DigestCommentFields<typeof pg>;
export function digestCommentFields({ comments, posts, users }: AnyTables) {
  return {
    id: comments.id,
    postId: comments.postId,
    postTitle: posts.title,
    authorName: users.name,
    body: comments.body,
    createdAt: comments.createdAt,
  };
}

type DigestCommentFields<T extends AnyTables> = {
  id: T["comments"]["id"];
  postId: T["comments"]["postId"];
  postTitle: T["posts"]["title"];
  authorName: T["users"]["name"];
  body: T["comments"]["body"];
  createdAt: T["comments"]["createdAt"];
};

/** Comments others wrote since `since` on posts by `userId` (comments joined to their posts). */
export function othersCommentsOn(
  { comments, posts }: Pick<AnyTables, "comments" | "posts">,
  userId: string,
  since: Date,
): SQL | undefined {
  return and(eq(posts.authorId, userId), ne(comments.authorId, userId), gte(comments.createdAt, since));
}

/** The digest's top posts first: most liked, then newest. */
export function mostLikedFirst(posts: AnyTables["posts"], likes: AnyTables["likes"]) {
  return [desc(likeCountOf(posts, likes)), desc(posts.createdAt), desc(posts.id)];
}
