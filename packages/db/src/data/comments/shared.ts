import type * as pg from "../../schema/pg";
import type * as sqlite from "../../schema/sqlite";
import type { AnyTables } from "../fragments";

// Comments: what both dialects select for a CommentView. The builder chains
// that use them, one file per dialect, are ./sqlite.ts and ./pg.ts.

type CommentViewFields<T extends AnyTables> = {
  id: T["comments"]["id"];
  postId: T["comments"]["postId"];
  body: T["comments"]["body"];
  createdAt: T["comments"]["createdAt"];
  author: { id: T["users"]["id"]; name: T["users"]["name"] };
};

export function commentViewFields(t: typeof sqlite): CommentViewFields<typeof sqlite>;
export function commentViewFields(t: typeof pg): CommentViewFields<typeof pg>;
export function commentViewFields(t: AnyTables) {
  const { comments, users } = t;
  return {
    id: comments.id,
    postId: comments.postId,
    body: comments.body,
    createdAt: comments.createdAt,
    author: { id: users.id, name: users.name },
  };
}
