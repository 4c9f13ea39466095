import { type Cursor, encodeCursor, type Page } from "@trellis/validators";
import { and, desc, eq, lt, or, type SQL, sql } from "drizzle-orm";

import type { Db } from "../client";
import { comments, likes, posts, users } from "../schema";

/** A post as every reader sees it: with its author, its counts and the viewer's like. */
export interface PostView {
  id: string;
  title: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  author: { id: string; name: string };
  likeCount: number;
  commentCount: number;
  viewerHasLiked: boolean;
}

/**
 * The columns of a PostView. The counts and the viewer's like are correlated
 * subqueries, so a page of any size is still one statement (no N+1); each is
 * answered from an index (likes_post_idx, comments_post_idx, the likes key).
 */
function postView(viewerId: string | null) {
  return {
    id: posts.id,
    title: posts.title,
    body: posts.body,
    createdAt: posts.createdAt,
    updatedAt: posts.updatedAt,
    author: { id: users.id, name: users.name },
    likeCount: sql<number>`(select count(*) from ${likes} where ${likes.postId} = ${posts.id})`.mapWith(Number),
    commentCount: sql<number>`(select count(*) from ${comments} where ${comments.postId} = ${posts.id})`.mapWith(
      Number,
    ),
    viewerHasLiked: (viewerId === null
      ? sql<boolean>`0`
      : sql<boolean>`exists (select 1 from ${likes} where ${likes.postId} = ${posts.id} and ${likes.userId} = ${viewerId})`
    ).mapWith(Boolean),
  };
}

function selectPostViews(db: Db, viewerId: string | null) {
  return db.select(postView(viewerId)).from(posts).innerJoin(users, eq(users.id, posts.authorId));
}

/** Rows strictly after `cursor` in the feed's (createdAt desc, id desc) order. */
function olderThan(cursor: Cursor): SQL | undefined {
  return or(lt(posts.createdAt, cursor.createdAt), and(eq(posts.createdAt, cursor.createdAt), lt(posts.id, cursor.id)));
}

/** Turns `limit + 1` fetched rows into a page: the extra row only says "there is more". */
export function toPage<T extends Cursor>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** The feed, newest first, by keyset cursor: one SQL statement per page. */
export async function listPosts(
  db: Db,
  input: { viewerId: string | null; limit: number; cursor?: Cursor | null },
): Promise<Page<PostView>> {
  const rows = await selectPostViews(db, input.viewerId)
    .where(input.cursor ? olderThan(input.cursor) : undefined)
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
}

export async function getPost(db: Db, input: { id: string; viewerId: string | null }): Promise<PostView | undefined> {
  return selectPostViews(db, input.viewerId).where(eq(posts.id, input.id)).get();
}

export async function postExists(db: Db, id: string): Promise<boolean> {
  const row = await db.select({ id: posts.id }).from(posts).where(eq(posts.id, id)).get();
  return row !== undefined;
}

export async function createPost(db: Db, input: { title: string; body: string; authorId: string }): Promise<PostView> {
  const { id } = await db.insert(posts).values(input).returning({ id: posts.id }).get();
  const post = await getPost(db, { id, viewerId: input.authorId });
  if (!post) throw new Error(`Post ${id} vanished right after it was created`);
  return post;
}

/** Edits a post if `authorId` wrote it: ownership is part of the WHERE, not a separate check. */
export async function updatePost(
  db: Db,
  input: { id: string; title: string; body: string; authorId: string },
): Promise<PostView | undefined> {
  const updated = await db
    .update(posts)
    .set({ title: input.title, body: input.body })
    .where(and(eq(posts.id, input.id), eq(posts.authorId, input.authorId)))
    .returning({ id: posts.id })
    .get();
  return updated && getPost(db, { id: updated.id, viewerId: input.authorId });
}

/** Deletes a post `authorId` wrote; its comments and likes go with it (ON DELETE CASCADE). */
export async function deletePost(db: Db, input: { id: string; authorId: string }): Promise<{ id: string } | undefined> {
  return db
    .delete(posts)
    .where(and(eq(posts.id, input.id), eq(posts.authorId, input.authorId)))
    .returning({ id: posts.id })
    .get();
}
