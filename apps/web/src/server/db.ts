import "server-only";

import { createDb, type DbHandle, defaultDatabaseUrl, migrate, seedIfEmpty } from "@trellis/db";

// Next dev re-evaluates modules on every edit; keeping the handle on globalThis
// stops each reload from opening another connection to the same file.
const globalForDb = globalThis as typeof globalThis & { trellisDb?: DbHandle };

/**
 * The process-wide database, opened on first use rather than at import, so
 * `next build` (which imports route modules) never needs a database.
 */
export function getDb(): DbHandle["db"] {
  if (!globalForDb.trellisDb) {
    const handle = createDb(process.env.DATABASE_URL || defaultDatabaseUrl());
    migrate(handle.db);
    seedIfEmpty(handle.db);
    globalForDb.trellisDb = handle;
  }
  return globalForDb.trellisDb.db;
}
