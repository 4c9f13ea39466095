import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";

import type * as schema from "../schema/sqlite";

export type FullSqliteDb = BetterSQLite3Database<typeof schema>;

/**
 * The Drizzle client the SQLite data layer works with: everything but
 * `transaction`. Drizzle's own `transaction` type-checks an async callback,
 * which better-sqlite3 cannot honour (docs/decisions/011); a
 * `WriteTransaction` is the one way in.
 */
export type SqliteDb = Omit<FullSqliteDb, "transaction">;

/** What a transaction callback gets: the same query surface, bound to the transaction. */
export type SqliteTx = Parameters<Parameters<FullSqliteDb["transaction"]>[0]>[0];

/** T itself, unless T is a promise: then nothing fits. */
export type Synchronous<T> = T extends PromiseLike<unknown> ? never : T;

/** Runs `work` atomically and returns its result; `work` must be synchronous. */
export type WriteTransaction = <T>(work: (tx: SqliteTx) => Synchronous<T>) => Synchronous<T>;

/**
 * Makes the SQLite data layer's only way to run several statements atomically:
 * one `BEGIN IMMEDIATE` transaction per call.
 *
 * IMMEDIATE takes SQLite's write lock at BEGIN, so a read-then-write cannot
 * interleave with another writer (a deferred transaction reads first and may
 * then fail, or act on what it read, at its first write). `work` must be
 * synchronous: better-sqlite3 ends the transaction when the callback returns,
 * so an async one is rolled back at its first await and the rest of it writes
 * outside any transaction. Passing one does not compile ("Type 'Promise<…>' is
 * not assignable to type 'never'").
 */
export function writeTransactionFor(db: FullSqliteDb): WriteTransaction {
  return (work) => db.transaction((tx) => work(tx), { behavior: "immediate" });
}
