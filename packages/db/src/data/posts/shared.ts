import type { Cursor } from "@trellis/validators";
import { ne, or, type Placeholder, type SQL, sql } from "drizzle-orm";

import type * as pg from "../../schema/pg";
import type * as sqlite from "../../schema/sqlite";
import { type AnyTables, beyondCursor, type ValueOrSlot } from "../fragments";

// Posts: what both dialects select for a PostView, and the feed's prepared
// statements. The builder chains that use them, one file per dialect, are
// ./sqlite.ts and ./pg.ts.

/**
 * The columns of a PostView. The counts and the viewer's like are correlated
 * subqueries, so a page of any size is still one statement (no N+1); each is
 * answered from an index (likes_post_idx, comments_post_idx, the likes key).
 * `count(*)` is a bigint on Postgres (a string on the wire): mapWith(Number).
 */
type PostViewFields<T extends AnyTables> = {
  id: T["posts"]["id"];
  title: T["posts"]["title"];
  body: T["posts"]["body"];
  createdAt: T["posts"]["createdAt"];
  updatedAt: T["posts"]["updatedAt"];
  author: { id: T["users"]["id"]; name: T["users"]["name"] };
  likeCount: SQL<number>;
  commentCount: SQL<number>;
  viewerHasLiked: SQL<boolean>;
};

// One overload per dialect, so each dialect's select() sees its own column types.
// (A type alias, not an interface: select() wants an object type with an index signature.)
export function postViewFields(t: typeof sqlite, viewerId: ValueOrSlot<string> | null): PostViewFields<typeof sqlite>;
export function postViewFields(t: typeof pg, viewerId: ValueOrSlot<string> | null): PostViewFields<typeof pg>;
export function postViewFields(t: AnyTables, viewerId: ValueOrSlot<string> | null) {
  const { posts, users, likes, comments } = t;
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
      ? sql<boolean>`false`
      : sql<boolean>`exists (select 1 from ${likes} where ${likes.postId} = ${posts.id} and ${likes.userId} = ${viewerId})`
    ).mapWith(Boolean),
  };
}

/**
 * The feed is the hottest query: each dialect prepares it once per shape —
 * with or without a signed-in viewer, with or without a cursor — instead of
 * building its SQL on every request (docs/performance.md). These are the
 * shapes' placeholders; `feedSlots` fills them for one request.
 */
export const feedShape = (viewerId: string | null, cursor: Cursor | null | undefined) =>
  `${viewerId === null ? "anonymous" : "viewer"}-${cursor ? "after" : "first"}` as const;
type FeedShape = ReturnType<typeof feedShape>;

/**
 * The feed statement for a request's shape: `prepare` runs on the first
 * request of each shape, with the shape's viewer placeholder (or null) and
 * cursor condition (or undefined); later requests reuse its statement.
 */
export function feedStatements<Statement>(
  posts: AnyTables["posts"],
  prepare: (shape: FeedShape, slots: { viewerId: Placeholder | null; after: SQL | undefined }) => Statement,
) {
  const prepared = new Map<FeedShape, Statement>();
  return (input: { viewerId: string | null; cursor?: Cursor | null }): Statement => {
    const shape = feedShape(input.viewerId, input.cursor);
    let statement = prepared.get(shape);
    if (!statement) {
      statement = prepare(shape, {
        viewerId: input.viewerId === null ? null : feedPlaceholders.viewerId,
        after: input.cursor ? beyondCursor("newest first", posts, feedPlaceholders.cursor) : undefined,
      });
      prepared.set(shape, statement);
    }
    return statement;
  };
}

export const feedPlaceholders = {
  viewerId: sql.placeholder("viewerId"),
  cursor: { createdAt: sql.placeholder("cursorCreatedAt"), id: sql.placeholder("cursorId") },
  limit: sql.placeholder("limit"),
};

/**
 * The values for feedPlaceholders. A placeholder compared with a column is
 * not encoded by the column, so the cursor's date goes in as the driver
 * stores it (milliseconds on SQLite, an ISO string on Postgres).
 */
export function feedSlots(
  createdAtColumn: AnyTables["posts"]["createdAt"],
  input: { viewerId: string | null; cursor?: Cursor | null; limit: number },
) {
  return {
    viewerId: input.viewerId,
    cursorCreatedAt: input.cursor ? createdAtColumn.mapToDriverValue(input.cursor.createdAt) : null,
    cursorId: input.cursor?.id ?? null,
    limit: input.limit + 1,
  };
}

/**
 * A new post's row with one clock reading for both timestamps: each column's
 * default reads the clock on its own, a millisecond apart now and then, and a
 * post whose updatedAt is later than its createdAt shows as edited.
 */
export function sameInstant<Input extends object>(input: Input): Input & { createdAt: Date; updatedAt: Date } {
  const now = new Date();
  return { ...input, createdAt: now, updatedAt: now };
}

/**
 * What an edit writes, and the condition that it changes something: only the
 * fields it gives (a PATCH may give one), so a field left out keeps its value
 * and an edit that repeats what is there writes nothing (updatedAt stays).
 */
export function postEdit(posts: AnyTables["posts"], input: { title?: string | undefined; body?: string | undefined }) {
  const set: { title?: string; body?: string } = {};
  const differences: SQL[] = [];
  if (input.title !== undefined) {
    set.title = input.title;
    differences.push(ne(posts.title, input.title));
  }
  if (input.body !== undefined) {
    set.body = input.body;
    differences.push(ne(posts.body, input.body));
  }
  if (differences.length === 0) throw new Error("An edit must give a title, a body or both");
  return { set, changesSomething: or(...differences) };
}
