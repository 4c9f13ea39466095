import { and, count, eq } from "drizzle-orm";

import type { Db } from "../client";
import { likes, posts } from "../schema";

export interface LikeState {
  liked: boolean;
  likeCount: number;
}

/**
 * Likes the post if the user has not, unlikes it if they have, and returns the
 * new state — or undefined when the post does not exist.
 *
 * Read-then-write, so it must not interleave with another toggle: a synchronous
 * better-sqlite3 transaction that begins IMMEDIATE, taking the write lock
 * before the first read (docs/decisions/004-synchronous-sqlite-transactions.md).
 */
export function toggleLike(db: Db, input: { userId: string; postId: string }): LikeState | undefined {
  return db.transaction(
    (tx) => {
      const post = tx.select({ id: posts.id }).from(posts).where(eq(posts.id, input.postId)).get();
      if (!post) return undefined;

      const mine = and(eq(likes.userId, input.userId), eq(likes.postId, input.postId));
      const removed = tx.delete(likes).where(mine).returning({ postId: likes.postId }).all();
      const liked = removed.length === 0;
      if (liked) tx.insert(likes).values(input).run();

      const row = tx.select({ n: count() }).from(likes).where(eq(likes.postId, input.postId)).get();
      return { liked, likeCount: row?.n ?? 0 };
    },
    { behavior: "immediate" },
  );
}
