import { type Database, defaultDatabaseUrl, openDatabase, seedIfEmpty } from "@trellis/db";

import { onShutdown } from "./shutdown";

// Next dev re-evaluates modules on every edit; keeping the handle on globalThis
// stops each reload from opening another connection (or pool) to the database.
const globalForDb = globalThis as typeof globalThis & { trellisDatabase?: Promise<Database> };

/**
 * The process-wide database, opened on first use rather than at import, so
 * `next build` (which imports route modules) never needs one. The first call
 * migrates it and seeds it if empty; SQLite by default, Postgres when
 * DATABASE_URL says `postgres://…`.
 */
export function getDatabase(): Promise<Database> {
  globalForDb.trellisDatabase ??= open().catch((error: unknown) => {
    // Let the next request try again (the database may come up) rather than cache the failure.
    globalForDb.trellisDatabase = undefined;
    throw error;
  });
  return globalForDb.trellisDatabase;
}

async function open(): Promise<Database> {
  const database = await openDatabase(process.env.DATABASE_URL || defaultDatabaseUrl());
  // Closed last, after whatever writes to it (SQLite then checkpoints its WAL into the file).
  onShutdown("database", () => database.close());
  await seedIfEmpty(database);
  return database;
}
