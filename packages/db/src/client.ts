import { mkdirSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";

import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";

import * as schema from "./schema";

/** The Drizzle client, with the raw better-sqlite3 connection as `$client` (for pragmas). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface DbHandle {
  db: Db;
  /** Closes the underlying connection; the handle is unusable afterwards. */
  close(): void;
}

export interface CreateDbOptions {
  /** Called with every SQL statement Drizzle sends: for query-count tests and debugging. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

/** `file:relative/or/absolute.db`, a bare path, or `:memory:`. */
export function sqlitePath(url: string): string {
  const path = url.startsWith("file:") ? url.slice("file:".length) : url;
  if (path === ":memory:" || path === "") return ":memory:";
  return isAbsolute(path) ? path : resolve(path);
}

export function createDb(url: string, options: CreateDbOptions = {}): DbHandle {
  const path = sqlitePath(url);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });

  const sqlite = new Database(path);
  // WAL lets readers run beside the single writer; NORMAL sync is durable
  // across application crashes (the WAL is fsynced at checkpoints).
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  // SQLite ignores foreign keys unless asked, per connection.
  sqlite.pragma("foreign_keys = ON");
  // Wait for a competing writer instead of failing with SQLITE_BUSY at once.
  sqlite.pragma("busy_timeout = 5000");

  const onQuery = options.onQuery;
  const db = drizzle(sqlite, {
    schema,
    logger: onQuery ? { logQuery: (query, params) => onQuery(query, params) } : false,
  });
  return { db, close: () => sqlite.close() };
}
