import { type Cursor, encodeCursor, type Page } from "@trellis/validators";
import { and, asc, type Column, desc, eq, gt, isNull, lt, or, type Placeholder, type SQL, sql } from "drizzle-orm";

import type * as pg from "../schema/pg";
import type * as sqlite from "../schema/sqlite";

/**
 * The query pieces both dialects share. Drizzle's column operators and `sql`
 * are dialect-neutral; only `db.select()…` differs in type between dialects,
 * so each resource's ./<resource>/sqlite.ts and ./<resource>/pg.ts assemble
 * these pieces with their own builder (docs/decisions/035).
 */
type AnyTables = typeof sqlite | typeof pg;

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

/** A value now, or a named slot a prepared statement fills in at each execution. */
type ValueOrSlot<T> = T | Placeholder;

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

/** The one like `userId` can give `postId`: the likes table's key. */
export function likeBy(likes: AnyTables["likes"], userId: string, postId: string): SQL | undefined {
  return and(eq(likes.userId, userId), eq(likes.postId, postId));
}

/**
 * Rows strictly beyond `cursor` in a (createdAt, id) order: older for a
 * newest-first list, newer for an oldest-first one. Undefined without a cursor.
 * A prepared statement passes placeholders, filled with the driver's values
 * (see feedSlots) when it runs.
 */
export function beyondCursor(
  order: "newest first" | "oldest first",
  columns: { createdAt: Column; id: Column },
  cursor: { createdAt: ValueOrSlot<Date>; id: ValueOrSlot<string> } | null | undefined,
): SQL | undefined {
  if (!cursor) return undefined;
  const beyond = order === "newest first" ? lt : gt;
  return or(
    beyond(columns.createdAt, cursor.createdAt),
    and(eq(columns.createdAt, cursor.createdAt), beyond(columns.id, cursor.id)),
  );
}

/** The (createdAt, id) order beyondCursor pages through: newest first. */
export const newestFirst = (columns: { createdAt: Column; id: Column }) => [desc(columns.createdAt), desc(columns.id)];

/** The (createdAt, id) order beyondCursor pages through: oldest first. */
export const oldestFirst = (columns: { createdAt: Column; id: Column }) => [asc(columns.createdAt), asc(columns.id)];

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

/** Turns `limit + 1` fetched rows into a page: the extra row only says "there is more". */
export function toPage<T extends Cursor>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** `%text%` for LIKE, with the user's own `%`, `_` and backslash matched literally (ESCAPE '\\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The password account of `user`: a user id, or the users.id column in a join. */
export function passwordAccountOf(accounts: AnyTables["accounts"], user: string | Column): SQL | undefined {
  return and(eq(accounts.userId, user), eq(accounts.provider, "credentials"));
}

/** The reset token `tokenHash`, unused and unexpired at `now`: what redeeming it may spend. */
export function spendableReset(resets: AnyTables["passwordResets"], tokenHash: string, now: Date): SQL | undefined {
  return and(eq(resets.tokenHash, tokenHash), isNull(resets.usedAt), gt(resets.expiresAt, now));
}

/** Only write `last_used_at` when it is this stale: a token used in a loop should not mean a write per call. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The cutoff a `last_used_at` write at `now` repeats in its WHERE (see
 * usedBefore), or null when the token was used recently enough: most calls
 * find it fresh and write nothing.
 */
export function staleCutoff(lastUsedAt: Date | null, now: Date): Date | null {
  const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  return lastUsedAt === null || lastUsedAt < cutoff ? cutoff : null;
}

type ApiTokenFields<T extends AnyTables> = {
  id: T["apiTokens"]["id"];
  name: T["apiTokens"]["name"];
  scope: T["apiTokens"]["scope"];
  prefix: T["apiTokens"]["prefix"];
  expiresAt: T["apiTokens"]["expiresAt"];
  lastUsedAt: T["apiTokens"]["lastUsedAt"];
  createdAt: T["apiTokens"]["createdAt"];
};

/** What a token's owner may see of it: never the hash. */
export function apiTokenFields(t: typeof sqlite): ApiTokenFields<typeof sqlite>;
export function apiTokenFields(t: typeof pg): ApiTokenFields<typeof pg>;
export function apiTokenFields({ apiTokens }: AnyTables) {
  const { id, name, scope, prefix, expiresAt, lastUsedAt, createdAt } = apiTokens;
  return { id, name, scope, prefix, expiresAt, lastUsedAt, createdAt };
}

/** Token `id`, unless a concurrent call already marked it used since `stale`. */
export function usedBefore(tokens: AnyTables["apiTokens"], id: string, stale: Date): SQL | undefined {
  return and(eq(tokens.id, id), or(isNull(tokens.lastUsedAt), lt(tokens.lastUsedAt, stale)));
}

type TokenOwnerFields<T extends AnyTables> = {
  id: T["apiTokens"]["id"];
  scope: T["apiTokens"]["scope"];
  lastUsedAt: T["apiTokens"]["lastUsedAt"];
  user: T["users"];
};

/** What authenticating a token reads: the token's scope and last use, and its owner. */
export function tokenOwnerFields(t: typeof sqlite): TokenOwnerFields<typeof sqlite>;
export function tokenOwnerFields(t: typeof pg): TokenOwnerFields<typeof pg>;
export function tokenOwnerFields({ apiTokens, users }: AnyTables) {
  return { id: apiTokens.id, scope: apiTokens.scope, lastUsedAt: apiTokens.lastUsedAt, user: users };
}

/** A token that works at `now`: not revoked, and not past its expiry. */
export function liveToken(tokens: AnyTables["apiTokens"], now: Date): SQL | undefined {
  return and(isNull(tokens.revokedAt), or(isNull(tokens.expiresAt), gt(tokens.expiresAt, now)));
}

/** `session_version + 1`: ends every session of a user at once (see @trellis/auth's session check). */
export function nextSessionVersion(users: AnyTables["users"]) {
  return { sessionVersion: sql`${users.sessionVersion} + 1` };
}

/**
 * Name or email contains `search`, case-insensitively: SQLite's `like` already
 * ignores ASCII case, Postgres needs `ilike`. Undefined (no filter) without a search.
 */
export function nameOrEmailContains(
  users: AnyTables["users"],
  search: string | undefined,
  operator: "like" | "ilike",
): SQL | undefined {
  if (!search) return undefined;
  const pattern = containsPattern(search);
  const op = sql.raw(operator);
  return or(sql`${users.name} ${op} ${pattern} escape '\\'`, sql`${users.email} ${op} ${pattern} escape '\\'`);
}
