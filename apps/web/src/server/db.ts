import {
  type Database,
  defaultDatabaseUrl,
  demoDataPolicy,
  demoDataWarning,
  openDatabase,
  seedDemoDataIfAllowed,
} from "@trellis/db";
import { type Logger, logger } from "@trellis/server/log";
import { type Settings, settings } from "@trellis/validators/settings";

import { onShutdown } from "./shutdown";

// Next dev re-evaluates modules on every edit; keeping the handle on globalThis
// stops each reload from opening another connection (or pool) to the database.
const globalForDb = globalThis as typeof globalThis & { trellisDatabase?: Promise<Database> };

/**
 * The process-wide database, opened on first use rather than at import, so
 * `next build` (which imports route modules) never needs one. The first call
 * migrates it, and seeds an empty one in development (see openAppDatabase);
 * SQLite by default, Postgres when DATABASE_URL says `postgres://…`.
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
  const database = await openAppDatabase();
  // Closed last, after whatever writes to it (SQLite then checkpoints its WAL into the file).
  onShutdown("database", () => database.close());
  return database;
}

/**
 * Opens and migrates the database DATABASE_URL names — under a lock, so any
 * number of instances may start at once — or, with MIGRATE_ON_START=false,
 * only checks that a release step already migrated it (ADR 031). Demo data
 * goes into an empty one in development and tests only: under
 * NODE_ENV=production nothing is inserted (the first admin comes from
 * `pnpm admin:create`) unless SEED_DEMO_DATA=true, which is said loudly in
 * the log (ADR 028).
 */
export async function openAppDatabase(config: Settings = settings(), log: Logger = logger()): Promise<Database> {
  const database = await openDatabase(config.databaseUrl ?? defaultDatabaseUrl(), {
    migrations: config.migrateOnStart ? "apply" : "check",
  });
  try {
    const { policy, seeded } = await seedDemoDataIfAllowed(database, config);
    if (policy === "seed-loudly") log.warn(demoDataWarning(seeded));
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return database;
}

/**
 * A production database with no users is a fresh install, not an error: its
 * log says what to do next. Called once the start has succeeded (startup.ts),
 * so a start that fails still prints only the one line saying why.
 */
export async function logFirstAdminHint(
  database: Database,
  config: Settings = settings(),
  log: Logger = logger(),
): Promise<void> {
  if (demoDataPolicy(config) === "never" && (await database.isEmpty())) {
    log.info(
      "The database has no users yet: make the first admin with `pnpm admin:create --email …`, " +
        "or `node server.mjs admin:create --email …` in the production artifact (README).",
    );
  }
}
