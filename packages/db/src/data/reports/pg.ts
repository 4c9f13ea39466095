import { eq, gte } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import * as t from "../../schema/pg";
import { newestFirst } from "../fragments";
import type { DataLayer } from "../types";
import { digestCommentFields, digestPostFields, mostLikedFirst, othersCommentsOn } from "./shared";

const { posts, users, comments, likes } = t;

/** The weekly digest's queries on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgReports(db: PgDb): DataLayer["reports"] {
  return {
    weeklyDigest: async ({ userId, since, limit }) => {
      const topPosts = await db
        .select(digestPostFields(t))
        .from(posts)
        .innerJoin(users, eq(users.id, posts.authorId))
        .where(gte(posts.createdAt, since))
        .orderBy(...mostLikedFirst(posts, likes))
        .limit(limit);
      const newComments = await db
        .select(digestCommentFields(t))
        .from(comments)
        .innerJoin(posts, eq(posts.id, comments.postId))
        .innerJoin(users, eq(users.id, comments.authorId))
        .where(othersCommentsOn(t, userId, since))
        .orderBy(...newestFirst(comments))
        .limit(limit);
      return { topPosts, newComments };
    },
  };
}
