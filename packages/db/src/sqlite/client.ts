import { mkdirSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";

import type BetterSqlite3 from "better-sqlite3";
import { and, count, eq, max } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";

import { type Database, type DatabaseOptions, insertBatches, queryLogger, type SeedRows } from "../database";
import { migrationsAfter, sqliteMaster, sqliteMigrationLog } from "../migration-status";
import * as schema from "../schema/sqlite";
import { observeSqliteClient } from "../statement-listener";
import { createSqliteData } from "./data";
import { loadSqliteDriver } from "./driver";
import { migrateSqlite } from "./migrate";
import { type SqliteDb, type SqliteTx, writeTransactionFor } from "./transaction";
import { BUSY_TIMEOUT_MS, enableWal } from "./wal";

export interface SqliteDatabase extends Database {
  readonly dialect: "sqlite";
  /** The Drizzle client, for tests and scripts that need SQL the data layer does not offer. */
  readonly db: SqliteDb;
  /** The raw better-sqlite3 connection (pragmas, locks in tests). */
  readonly client: BetterSqlite3.Database;
}

/** `file:relative/or/absolute.db`, a bare path, or `:memory:`. */
export function sqlitePath(url: string): string {
  const path = url.startsWith("file:") ? url.slice("file:".length) : url;
  if (path === ":memory:" || path === "") return ":memory:";
  return isAbsolute(path) ? path : resolve(path);
}

export function createSqliteDatabase(url: string, options: DatabaseOptions = {}): SqliteDatabase {
  const path = sqlitePath(url);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });

  const Driver = loadSqliteDriver();
  const client = new Driver(path);
  // Wait for a competing writer instead of failing with SQLITE_BUSY at once.
  client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // WAL lets readers run beside the single writer (./wal.ts); NORMAL sync is
  // durable across application crashes (the WAL is fsynced at checkpoints).
  enableWal(client);
  client.pragma("synchronous = NORMAL");
  // SQLite ignores foreign keys unless asked, per connection.
  client.pragma("foreign_keys = ON");

  const db = drizzle(observeSqliteClient(client), { schema, logger: queryLogger(options) });
  const transaction = writeTransactionFor(db);

  return {
    dialect: "sqlite",
    db,
    client,
    data: createSqliteData(db, transaction),
    migrate: async () => migrateSqlite(transaction),
    pendingMigrations: async () => {
      const logged = db
        .select({ n: count() })
        .from(sqliteMaster)
        .where(and(eq(sqliteMaster.type, "table"), eq(sqliteMaster.name, "__drizzle_migrations")))
        .get();
      if (!logged?.n) return migrationsAfter("sqlite", null);
      const last = db
        .select({ at: max(sqliteMigrationLog.createdAt) })
        .from(sqliteMigrationLog)
        .get();
      return migrationsAfter("sqlite", last?.at ?? null);
    },
    isEmpty: async () => (db.select({ n: count() }).from(schema.users).get()?.n ?? 0) === 0,
    insertSeed: async (rows) => transaction((tx) => insertSeedRows(tx, rows)),
    // IMMEDIATE: the count and the inserts happen under the write lock, so of two processes
    // seeding one file at once, the second sees the first's users.
    insertSeedIfEmpty: async (rows) =>
      transaction((tx) => {
        if ((tx.select({ n: count() }).from(schema.users).get()?.n ?? 0) > 0) return false;
        insertSeedRows(tx, rows);
        return true;
      }),
    close: async () => {
      client.close();
    },
  };
}

function insertSeedRows(tx: SqliteTx, rows: SeedRows): void {
  for (const batch of insertBatches(rows.users)) tx.insert(schema.users).values(batch).run();
  for (const batch of insertBatches(rows.accounts)) tx.insert(schema.accounts).values(batch).run();
  for (const batch of insertBatches(rows.posts)) tx.insert(schema.posts).values(batch).run();
  for (const batch of insertBatches(rows.comments)) tx.insert(schema.comments).values(batch).run();
  for (const batch of insertBatches(rows.likes)) tx.insert(schema.likes).values(batch).run();
}
