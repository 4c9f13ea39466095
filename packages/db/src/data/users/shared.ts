import { or, type SQL, sql } from "drizzle-orm";

import type { AnyTables } from "../fragments";

// Users: the pieces both dialects share. The builder chains that use them, one
// file per dialect, are ./sqlite.ts and ./pg.ts.

/** `%text%` for LIKE, with the user's own `%`, `_` and backslash matched literally (ESCAPE '\\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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
