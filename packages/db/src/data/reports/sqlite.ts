import { eq, gte } from "drizzle-orm";

import * as t from "../../schema/sqlite";
import type { SqliteDb } from "../../sqlite/transaction";
import { newestFirst } from "../fragments";
import type { DataLayer } from "../types";
import { digestCommentFields, digestPostFields, mostLikedFirst, othersCommentsOn } from "./shared";

const { posts, users, comments, likes } = t;

/** The weekly digest's queries on SQLite; the Postgres twin is ./pg.ts. */
export function sqliteReports(db: SqliteDb): DataLayer["reports"] {
  return {
    weeklyDigest: async ({ userId, since, limit }) => ({
      topPosts: db
        .select(digestPostFields(t))
        .from(posts)
        .innerJoin(users, eq(users.id, posts.authorId))
        .where(gte(posts.createdAt, since))
        .orderBy(...mostLikedFirst(posts, likes))
        .limit(limit)
        .all(),
      newComments: db
        .select(digestCommentFields(t))
        .from(comments)
        .innerJoin(posts, eq(posts.id, comments.postId))
        .innerJoin(users, eq(users.id, comments.authorId))
        .where(othersCommentsOn(t, userId, since))
        .orderBy(...newestFirst(comments))
        .limit(limit)
        .all(),
    }),
  };
}
