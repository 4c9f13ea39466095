import { and, count, eq, ne } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import * as t from "../../schema/pg";
import { isForeignKeyViolation, unlessRefused } from "../errors";
import { beyondCursor, oldestFirst, toPage } from "../fragments";
import { first, inserted } from "../rows";
import type { DataLayer } from "../types";
import { commentViewFields } from "./shared";

const { comments, users } = t;

/** Comments on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgComments(db: PgDb): DataLayer["comments"] {
  const selectCommentViews = () =>
    db.select(commentViewFields(t)).from(comments).innerJoin(users, eq(users.id, comments.authorId));
  const commentById = async (id: string) => first(await selectCommentViews().where(eq(comments.id, id)));

  return {
    list: async ({ postId, limit, cursor }) => {
      const onPost = and(eq(comments.postId, postId), beyondCursor("oldest first", comments, cursor));
      const rows = await selectCommentViews()
        .where(onPost)
        .orderBy(...oldestFirst(comments))
        .limit(limit + 1);
      return toPage(rows, limit);
    },
    byId: (id) => commentById(id),
    // A comment on a post deleted meanwhile breaks the foreign key: undefined, as for a missing post.
    create: (input) =>
      unlessRefused(isForeignKeyViolation, async () => {
        const { id } = inserted(await db.insert(comments).values(input).returning({ id: comments.id }));
        return commentById(id);
      }),
    authorId: async (id) =>
      first(await db.select({ authorId: comments.authorId }).from(comments).where(eq(comments.id, id)))?.authorId,
    update: async ({ id, body }) => {
      // A write that changes nothing leaves the row alone, and says so.
      const updated = first(
        await db
          .update(comments)
          .set({ body })
          .where(and(eq(comments.id, id), ne(comments.body, body)))
          .returning({ id: comments.id }),
      );
      const comment = await commentById(id);
      return comment && { comment, changed: updated !== undefined };
    },
    delete: async ({ id }) =>
      first(
        await db.delete(comments).where(eq(comments.id, id)).returning({ id: comments.id, postId: comments.postId }),
      ),
    count: async (postId) =>
      first(await db.select({ n: count() }).from(comments).where(eq(comments.postId, postId)))?.n ?? 0,
  };
}
