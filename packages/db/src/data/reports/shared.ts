import { and, desc, eq, gte, ne, type SQL, sql } from "drizzle-orm";

import type * as pg from "../../schema/pg";
import type * as sqlite from "../../schema/sqlite";
import type { AnyTables } from "../fragments";

// The weekly digest: the fields, conditions and order both dialects share. The
// builder chains that use them, one file per dialect, are ./sqlite.ts and
// ./pg.ts.

/** A weekly digest's top post: its title, author and counts (correlated subqueries, as in the feed). */
export function digestPostFields(t: typeof sqlite): DigestPostFields<typeof sqlite>;
export function digestPostFields(t: typeof pg): DigestPostFields<typeof pg>;
export function digestPostFields({ posts, users, likes, comments }: AnyTables) {
  return {
    id: posts.id,
    title: posts.title,
    authorName: users.name,
    likeCount: likeCountOf(posts, likes),
    commentCount: sql<number>`(select count(*) from ${comments} where ${comments.postId} = ${posts.id})`.mapWith(
      Number,
    ),
  };
}

type DigestPostFields<T extends AnyTables> = {
  id: T["posts"]["id"];
  title: T["posts"]["title"];
  authorName: T["users"]["name"];
  likeCount: SQL<number>;
  commentCount: SQL<number>;
};

/** A post's like count, for selecting and for ordering by. */
export function likeCountOf(posts: AnyTables["posts"], likes: AnyTables["likes"]): SQL<number> {
  return sql<number>`(select count(*) from ${likes} where ${likes.postId} = ${posts.id})`.mapWith(Number);
}

/** A weekly digest's new comment: on which post, by whom. */
export function digestCommentFields(t: typeof sqlite): DigestCommentFields<typeof sqlite>;
export function digestCommentFields(t: typeof pg): DigestCommentFields<typeof pg>;
export function digestCommentFields({ comments, posts, users }: AnyTables) {
  return {
    id: comments.id,
    postId: comments.postId,
    postTitle: posts.title,
    authorName: users.name,
    body: comments.body,
    createdAt: comments.createdAt,
  };
}

type DigestCommentFields<T extends AnyTables> = {
  id: T["comments"]["id"];
  postId: T["comments"]["postId"];
  postTitle: T["posts"]["title"];
  authorName: T["users"]["name"];
  body: T["comments"]["body"];
  createdAt: T["comments"]["createdAt"];
};

/** Comments others wrote since `since` on posts by `userId` (comments joined to their posts). */
export function othersCommentsOn(
  { comments, posts }: Pick<AnyTables, "comments" | "posts">,
  userId: string,
  since: Date,
): SQL | undefined {
  return and(eq(posts.authorId, userId), ne(comments.authorId, userId), gte(comments.createdAt, since));
}

/** The digest's top posts first: most liked, then newest. */
export function mostLikedFirst(posts: AnyTables["posts"], likes: AnyTables["likes"]) {
  return [desc(likeCountOf(posts, likes)), desc(posts.createdAt), desc(posts.id)];
}
