import { and, count, eq, ne } from "drizzle-orm";

import * as t from "../../schema/sqlite";
import type { SqliteDb } from "../../sqlite/transaction";
import { isForeignKeyViolation, unlessRefused } from "../errors";
import { beyondCursor, oldestFirst, toPage } from "../fragments";
import type { DataLayer } from "../types";
import { commentViewFields } from "./shared";

const { comments, users } = t;

/** Comments on SQLite; the Postgres twin is ./pg.ts. */
export function sqliteComments(db: SqliteDb): DataLayer["comments"] {
  const selectCommentViews = () =>
    db.select(commentViewFields(t)).from(comments).innerJoin(users, eq(users.id, comments.authorId));
  const commentById = (id: string) => selectCommentViews().where(eq(comments.id, id)).get();

  return {
    list: async ({ postId, limit, cursor }) => {
      const onPost = and(eq(comments.postId, postId), beyondCursor("oldest first", comments, cursor));
      const rows = selectCommentViews()
        .where(onPost)
        .orderBy(...oldestFirst(comments))
        .limit(limit + 1)
        .all();
      return toPage(rows, limit);
    },
    byId: async (id) => commentById(id),
    // A comment on a post deleted meanwhile breaks the foreign key: undefined, as for a missing post.
    create: (input) =>
      unlessRefused(isForeignKeyViolation, () => {
        const { id } = db.insert(comments).values(input).returning({ id: comments.id }).get();
        return commentById(id);
      }),
    authorId: async (id) =>
      db.select({ authorId: comments.authorId }).from(comments).where(eq(comments.id, id)).get()?.authorId,
    update: async ({ id, body }) => {
      // A write that changes nothing leaves the row alone, and says so.
      const updated = db
        .update(comments)
        .set({ body })
        .where(and(eq(comments.id, id), ne(comments.body, body)))
        .returning({ id: comments.id })
        .get();
      const comment = commentById(id);
      return comment && { comment, changed: updated !== undefined };
    },
    delete: async ({ id }) =>
      db.delete(comments).where(eq(comments.id, id)).returning({ id: comments.id, postId: comments.postId }).get(),
    count: async (postId) => db.select({ n: count() }).from(comments).where(eq(comments.postId, postId)).get()?.n ?? 0,
  };
}
