import type { Cursor, Page } from "@trellis/validators";
import { and, asc, eq, gt, or } from "drizzle-orm";

import type { Db } from "../client";
import { comments, users } from "../schema";
import { isForeignKeyViolation } from "./errors";
import { toPage } from "./posts";

export interface CommentView {
  id: string;
  postId: string;
  body: string;
  createdAt: Date;
  author: { id: string; name: string };
}

const commentView = {
  id: comments.id,
  postId: comments.postId,
  body: comments.body,
  createdAt: comments.createdAt,
  author: { id: users.id, name: users.name },
};

function selectCommentViews(db: Db) {
  return db.select(commentView).from(comments).innerJoin(users, eq(users.id, comments.authorId));
}

/** A post's comments, oldest first, by keyset cursor: one SQL statement per page. */
export async function listComments(
  db: Db,
  input: { postId: string; limit: number; cursor?: Cursor | null },
): Promise<Page<CommentView>> {
  const { cursor } = input;
  const after = cursor
    ? or(
        gt(comments.createdAt, cursor.createdAt),
        and(eq(comments.createdAt, cursor.createdAt), gt(comments.id, cursor.id)),
      )
    : undefined;
  const rows = await selectCommentViews(db)
    .where(and(eq(comments.postId, input.postId), after))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}

/**
 * Adds a comment, or returns undefined when the post does not exist. The
 * foreign key decides, in the same statement as the insert: no window between
 * "check the post" and "insert" in which it could be deleted.
 */
export async function createComment(
  db: Db,
  input: { postId: string; body: string; authorId: string },
): Promise<CommentView | undefined> {
  let id: string;
  try {
    ({ id } = await db.insert(comments).values(input).returning({ id: comments.id }).get());
  } catch (error) {
    if (isForeignKeyViolation(error)) return undefined;
    throw error;
  }
  return selectCommentViews(db).where(eq(comments.id, id)).get();
}

/** Deletes a comment `authorId` wrote; anyone else's is left alone (undefined). */
export async function deleteComment(
  db: Db,
  input: { id: string; authorId: string },
): Promise<{ id: string; postId: string } | undefined> {
  return db
    .delete(comments)
    .where(and(eq(comments.id, input.id), eq(comments.authorId, input.authorId)))
    .returning({ id: comments.id, postId: comments.postId })
    .get();
}
