import { and, asc, count, desc, eq } from "drizzle-orm";

import { isForeignKeyViolation } from "../data/errors";
import { beyondCursor, commentViewFields, postViewFields, toPage } from "../data/fragments";
import type { DataLayer } from "../data/types";
import * as t from "../schema/sqlite";
import type { SqliteDb, WriteTransaction } from "./transaction";

const { users, posts, comments, likes } = t;

/**
 * The data layer on SQLite (better-sqlite3). Its twin is ../pg/data.ts: same
 * contract, same fragments, same tests; they differ only where the drivers do
 * (synchronous IMMEDIATE transactions here, async row locks there).
 */
export function createSqliteData(db: SqliteDb, transaction: WriteTransaction): DataLayer {
  const selectPostViews = (viewerId: string | null) =>
    db.select(postViewFields(t, viewerId)).from(posts).innerJoin(users, eq(users.id, posts.authorId));
  const selectCommentViews = () =>
    db.select(commentViewFields(t)).from(comments).innerJoin(users, eq(users.id, comments.authorId));
  const postById = (id: string, viewerId: string | null) => selectPostViews(viewerId).where(eq(posts.id, id)).get();

  return {
    users: {
      byEmail: async (email) => db.select().from(users).where(eq(users.email, email)).get(),
      create: async (input) => db.insert(users).values(input).returning().get(),
    },

    posts: {
      list: async ({ viewerId, limit, cursor }) => {
        const rows = await selectPostViews(viewerId)
          .where(beyondCursor("newest first", posts, cursor))
          .orderBy(desc(posts.createdAt), desc(posts.id))
          .limit(limit + 1);
        return toPage(rows, limit);
      },
      byId: async ({ id, viewerId }) => postById(id, viewerId),
      exists: async (id) => (await db.select({ id: posts.id }).from(posts).where(eq(posts.id, id)).get()) !== undefined,
      create: async (input) => {
        const { id } = db.insert(posts).values(input).returning({ id: posts.id }).get();
        const post = postById(id, input.authorId);
        if (!post) throw new Error(`Post ${id} vanished right after it was created`);
        return post;
      },
      update: async ({ id, title, body, authorId }) => {
        const updated = db
          .update(posts)
          .set({ title, body })
          .where(and(eq(posts.id, id), eq(posts.authorId, authorId)))
          .returning({ id: posts.id })
          .get();
        return updated && postById(updated.id, authorId);
      },
      delete: async ({ id, authorId }) =>
        db
          .delete(posts)
          .where(and(eq(posts.id, id), eq(posts.authorId, authorId)))
          .returning({ id: posts.id })
          .get(),
    },

    comments: {
      list: async ({ postId, limit, cursor }) => {
        const rows = await selectCommentViews()
          .where(and(eq(comments.postId, postId), beyondCursor("oldest first", comments, cursor)))
          .orderBy(asc(comments.createdAt), asc(comments.id))
          .limit(limit + 1);
        return toPage(rows, limit);
      },
      create: async (input) => {
        try {
          const { id } = db.insert(comments).values(input).returning({ id: comments.id }).get();
          return selectCommentViews().where(eq(comments.id, id)).get();
        } catch (error) {
          if (isForeignKeyViolation(error)) return undefined;
          throw error;
        }
      },
      delete: async ({ id, authorId }) =>
        db
          .delete(comments)
          .where(and(eq(comments.id, id), eq(comments.authorId, authorId)))
          .returning({ id: comments.id, postId: comments.postId })
          .get(),
    },

    likes: {
      // Read-then-write: one IMMEDIATE transaction, so no other writer slips between.
      toggle: async ({ userId, postId }) =>
        transaction((tx) => {
          if (!tx.select({ id: posts.id }).from(posts).where(eq(posts.id, postId)).get()) return undefined;
          const mine = and(eq(likes.userId, userId), eq(likes.postId, postId));
          const liked = tx.delete(likes).where(mine).returning({ postId: likes.postId }).all().length === 0;
          if (liked) tx.insert(likes).values({ userId, postId }).run();
          const row = tx.select({ n: count() }).from(likes).where(eq(likes.postId, postId)).get();
          return { liked, likeCount: row?.n ?? 0 };
        }),
    },
  };
}
