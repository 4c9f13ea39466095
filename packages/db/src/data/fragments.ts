import { type Cursor, encodeCursor, type Page } from "@trellis/validators";
import { and, asc, type Column, desc, eq, gt, lt, or, type Placeholder, type SQL } from "drizzle-orm";

import type * as pg from "../schema/pg";
import type * as sqlite from "../schema/sqlite";

/**
 * The query pieces every resource shares: keyset paging. Drizzle's column
 * operators and `sql` are dialect-neutral; only `db.select()…` differs in type
 * between dialects, so each resource's ./<resource>/sqlite.ts and
 * ./<resource>/pg.ts assemble these pieces, and the resource's own in
 * ./<resource>/shared.ts, with their own builder (docs/decisions/035).
 */
export type AnyTables = typeof sqlite | typeof pg;

/** A value now, or a named slot a prepared statement fills in at each execution. */
export type ValueOrSlot<T> = T | Placeholder;

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

/** Turns `limit + 1` fetched rows into a page: the extra row only says "there is more". */
export function toPage<T extends Cursor>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
