import { and, eq } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import * as t from "../../schema/pg";
import { newestFirst, toPage } from "../fragments";
import { first, inserted } from "../rows";
import type { DataLayer } from "../types";
import { feedPlaceholders, feedSlots, feedStatements, postEdit, postViewFields, sameInstant } from "./shared";

const { posts, users } = t;

/** Posts on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgPosts(db: PgDb): DataLayer["posts"] {
  const selectPostViews = (viewerId: Parameters<typeof postViewFields>[1]) =>
    db.select(postViewFields(t, viewerId)).from(posts).innerJoin(users, eq(users.id, posts.authorId));
  const postById = async (id: string, viewerId: string | null) =>
    first(await selectPostViews(viewerId).where(eq(posts.id, id)));

  /** The feed, prepared once per shape on first use: no SQL is built per request. */
  const feedFor = feedStatements(posts, (shape, { viewerId, after }) =>
    selectPostViews(viewerId)
      .where(after)
      .orderBy(...newestFirst(posts))
      .limit(feedPlaceholders.limit)
      // Postgres prepares statements by name, once per connection.
      .prepare(`trellis_feed_${shape.replace("-", "_")}`),
  );

  return {
    list: async (input) => toPage(await feedFor(input).execute(feedSlots(posts.createdAt, input)), input.limit),
    byId: ({ id, viewerId }) => postById(id, viewerId),
    exists: async (id) => (await db.select({ id: posts.id }).from(posts).where(eq(posts.id, id))).length > 0,
    authorId: async (id) =>
      first(await db.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, id)))?.authorId,
    create: async (input) => {
      const { id } = inserted(await db.insert(posts).values(sameInstant(input)).returning({ id: posts.id }));
      const post = await postById(id, input.authorId);
      if (!post) throw new Error(`Post ${id} vanished right after it was created`);
      return post;
    },
    update: async ({ id, viewerId, ...fields }) => {
      const { set, changesSomething } = postEdit(posts, fields);
      // A write that changes nothing leaves the row (and updatedAt) alone; the event comes from RETURNING,
      // so two edits racing each announce what they wrote, not what a later read saw.
      const edit = first(
        await db
          .update(posts)
          .set(set)
          .where(and(eq(posts.id, id), changesSomething))
          .returning({ id: posts.id, title: posts.title, body: posts.body, updatedAt: posts.updatedAt }),
      );
      const post = await postById(id, viewerId);
      return post && { post, edit: edit ?? null };
    },
    delete: async ({ id }) => first(await db.delete(posts).where(eq(posts.id, id)).returning({ id: posts.id })),
  };
}
