import { and, eq, gt, isNull, lt, or, type SQL } from "drizzle-orm";

import type * as pg from "../../schema/pg";
import type * as sqlite from "../../schema/sqlite";
import type { AnyTables } from "../fragments";

// API tokens: the pieces both dialects share. The builder chains that use them,
// one file per dialect, are ./sqlite.ts and ./pg.ts.

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
