import { and, asc, count, desc, eq } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";

import { isForeignKeyViolation } from "../data/errors";
import { beyondCursor, commentViewFields, postViewFields, toPage } from "../data/fragments";
import type { DataLayer } from "../data/types";
import * as t from "../schema/pg";

const { users, posts, comments, likes } = t;

/** Any Drizzle Postgres client on this schema: postgres.js in production, PGlite in tests. */
export type PgDb = PgDatabase<PgQueryResultHKT, typeof t>;

const first = <T>(rows: T[]): T | undefined => rows[0];

/**
 * The data layer on Postgres. Its twin is ../sqlite/data.ts: same contract,
 * same fragments, same tests; they differ only where the drivers do (async
 * transactions with a row lock here, synchronous IMMEDIATE ones there).
 */
export function createPgData(db: PgDb): DataLayer {
  const selectPostViews = (viewerId: string | null) =>
    db.select(postViewFields(t, viewerId)).from(posts).innerJoin(users, eq(users.id, posts.authorId));
  const selectCommentViews = () =>
    db.select(commentViewFields(t)).from(comments).innerJoin(users, eq(users.id, comments.authorId));
  const postById = async (id: string, viewerId: string | null) =>
    first(await selectPostViews(viewerId).where(eq(posts.id, id)));

  return {
    users: {
      byEmail: async (email) => first(await db.select().from(users).where(eq(users.email, email))),
      create: async (input) => {
        const [user] = await db.insert(users).values(input).returning();
        if (!user) throw new Error("INSERT … RETURNING returned no row");
        return user;
      },
    },

    posts: {
      list: async ({ viewerId, limit, cursor }) => {
        const rows = await selectPostViews(viewerId)
          .where(beyondCursor("newest first", posts, cursor))
          .orderBy(desc(posts.createdAt), desc(posts.id))
          .limit(limit + 1);
        return toPage(rows, limit);
      },
      byId: ({ id, viewerId }) => postById(id, viewerId),
      exists: async (id) => (await db.select({ id: posts.id }).from(posts).where(eq(posts.id, id))).length > 0,
      create: async (input) => {
        const [created] = await db.insert(posts).values(input).returning({ id: posts.id });
        const post = created && (await postById(created.id, input.authorId));
        if (!post) throw new Error("A post vanished right after it was created");
        return post;
      },
      update: async ({ id, title, body, authorId }) => {
        const [updated] = await db
          .update(posts)
          .set({ title, body })
          .where(and(eq(posts.id, id), eq(posts.authorId, authorId)))
          .returning({ id: posts.id });
        return updated && postById(updated.id, authorId);
      },
      delete: async ({ id, authorId }) =>
        first(
          await db
            .delete(posts)
            .where(and(eq(posts.id, id), eq(posts.authorId, authorId)))
            .returning({ id: posts.id }),
        ),
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
          const [created] = await db.insert(comments).values(input).returning({ id: comments.id });
          return created && first(await selectCommentViews().where(eq(comments.id, created.id)));
        } catch (error) {
          if (isForeignKeyViolation(error)) return undefined;
          throw error;
        }
      },
      delete: async ({ id, authorId }) =>
        first(
          await db
            .delete(comments)
            .where(and(eq(comments.id, id), eq(comments.authorId, authorId)))
            .returning({ id: comments.id, postId: comments.postId }),
        ),
    },

    likes: {
      // Read-then-write: FOR UPDATE locks the post's row, so toggles of one
      // post queue up behind each other and each counts what the last left.
      toggle: ({ userId, postId }) =>
        db.transaction(async (tx) => {
          const post = await tx.select({ id: posts.id }).from(posts).where(eq(posts.id, postId)).for("update");
          if (post.length === 0) return undefined;
          const mine = and(eq(likes.userId, userId), eq(likes.postId, postId));
          const liked = (await tx.delete(likes).where(mine).returning({ postId: likes.postId })).length === 0;
          if (liked) await tx.insert(likes).values({ userId, postId });
          const [row] = await tx.select({ n: count() }).from(likes).where(eq(likes.postId, postId));
          return { liked, likeCount: row?.n ?? 0 };
        }),
    },
  };
}
