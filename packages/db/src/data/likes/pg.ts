import { count, eq } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import { likes, posts } from "../../schema/pg";
import { changed, first } from "../rows";
import type { DataLayer } from "../types";
import { likeBy } from "./shared";

/** Likes on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgLikes(db: PgDb): DataLayer["likes"] {
  return {
    // Read-then-write: FOR UPDATE locks the post's row, so likes and unlikes
    // of one post queue up behind each other and each counts what the last left.
    set: ({ userId, postId, liked }) =>
      db.transaction(async (tx) => {
        const post = await tx.select({ id: posts.id }).from(posts).where(eq(posts.id, postId)).for("update");
        if (post.length === 0) return undefined;
        // A row returned means the state changed; none means it already was so.
        const written = liked
          ? await tx.insert(likes).values({ userId, postId }).onConflictDoNothing().returning()
          : await tx
              .delete(likes)
              .where(likeBy(likes, userId, postId))
              .returning();
        const row = first(await tx.select({ n: count() }).from(likes).where(eq(likes.postId, postId)));
        return { liked, likeCount: row?.n ?? 0, changed: changed(written) };
      }),
  };
}
