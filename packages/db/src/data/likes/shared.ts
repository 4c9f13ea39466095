import { and, eq, type SQL } from "drizzle-orm";

import type { AnyTables } from "../fragments";

// Likes: the pieces both dialects share. The builder chains that use them, one
// file per dialect, are ./sqlite.ts and ./pg.ts.

/** The one like `userId` can give `postId`: the likes table's key. */
export function likeBy(likes: AnyTables["likes"], userId: string, postId: string): SQL | undefined {
  return and(eq(likes.userId, userId), eq(likes.postId, postId));
}
