import { count, eq } from "drizzle-orm";

import { likes, posts } from "../../schema/sqlite";
import type { WriteTransaction } from "../../sqlite/transaction";
import { changed } from "../rows";
import type { DataLayer } from "../types";
import { likeBy } from "./shared";

/** Likes on SQLite; the Postgres twin is ./pg.ts. */
export function sqliteLikes(transaction: WriteTransaction): DataLayer["likes"] {
  return {
    // Read-then-write: one IMMEDIATE transaction, so no other writer slips
    // between the post check, the write and the count.
    set: async ({ userId, postId, liked }) =>
      transaction((tx) => {
        if (!tx.select({ id: posts.id }).from(posts).where(eq(posts.id, postId)).get()) return undefined;
        // A row returned means the state changed; none means it already was so.
        const written = liked
          ? tx.insert(likes).values({ userId, postId }).onConflictDoNothing().returning().all()
          : tx
              .delete(likes)
              .where(likeBy(likes, userId, postId))
              .returning()
              .all();
        const row = tx.select({ n: count() }).from(likes).where(eq(likes.postId, postId)).get();
        return { liked, likeCount: row?.n ?? 0, changed: changed(written) };
      }),
  };
}
