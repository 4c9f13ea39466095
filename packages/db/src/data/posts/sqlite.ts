import { and, eq } from "drizzle-orm";

import * as t from "../../schema/sqlite";
import type { SqliteDb } from "../../sqlite/transaction";
import { newestFirst, toPage } from "../fragments";
import type { DataLayer } from "../types";
import { feedPlaceholders, feedSlots, feedStatements, postEdit, postViewFields, sameInstant } from "./shared";

const { posts, users } = t;

/** Posts on SQLite; the Postgres twin is ./pg.ts. */
export function sqlitePosts(db: SqliteDb): DataLayer["posts"] {
  const selectPostViews = (viewerId: Parameters<typeof postViewFields>[1]) =>
    db.select(postViewFields(t, viewerId)).from(posts).innerJoin(users, eq(users.id, posts.authorId));
  const postById = (id: string, viewerId: string | null) => selectPostViews(viewerId).where(eq(posts.id, id)).get();

  /** The feed, prepared once per shape on first use: no SQL is built per request. */
  const feedFor = feedStatements(posts, (_shape, { viewerId, after }) =>
    selectPostViews(viewerId)
      .where(after)
      .orderBy(...newestFirst(posts))
      .limit(feedPlaceholders.limit)
      .prepare(),
  );

  return {
    list: async (input) => toPage(feedFor(input).all(feedSlots(posts.createdAt, input)), input.limit),
    byId: async ({ id, viewerId }) => postById(id, viewerId),
    exists: async (id) => db.select({ id: posts.id }).from(posts).where(eq(posts.id, id)).get() !== undefined,
    authorId: async (id) => db.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, id)).get()?.authorId,
    create: async (input) => {
      const { id } = db.insert(posts).values(sameInstant(input)).returning({ id: posts.id }).get();
      const post = postById(id, input.authorId);
      if (!post) throw new Error(`Post ${id} vanished right after it was created`);
      return post;
    },
    update: async ({ id, viewerId, ...fields }) => {
      const { set, changesSomething } = postEdit(posts, fields);
      // A write that changes nothing leaves the row (and updatedAt) alone; the event comes from RETURNING.
      const edit = db
        .update(posts)
        .set(set)
        .where(and(eq(posts.id, id), changesSomething))
        .returning({ id: posts.id, title: posts.title, body: posts.body, updatedAt: posts.updatedAt })
        .get();
      const post = postById(id, viewerId);
      return post && { post, edit: edit ?? null };
    },
    delete: async ({ id }) => db.delete(posts).where(eq(posts.id, id)).returning({ id: posts.id }).get(),
  };
}
