/**
 * What a statement's rows mean, the same on both dialects. Postgres answers
 * every statement with an array; SQLite's `.get()` already returns one row,
 * but its `.all()` and `await` return arrays too.
 */

/** The first row, if any: a lookup by key. */
export const first = <T>(rows: T[]): T | undefined => rows[0];

/** INSERT … RETURNING always returns the row; this says so to the type checker. */
export function inserted<T>(rows: T[]): T {
  const [row] = rows;
  if (!row) throw new Error("INSERT … RETURNING returned no row");
  return row;
}

/** An UPDATE or DELETE … RETURNING that matched a row. */
export const changed = (rows: unknown[]): boolean => rows.length > 0;
