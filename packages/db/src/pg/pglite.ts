import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";

import { type DatabaseOptions, queryLogger } from "../database";
import { migrationsFolder } from "../paths";
import * as schema from "../schema/pg";
import { observePgliteClient } from "../statement-listener";
import { type PostgresDatabase, postgresDatabase } from "./client";

export interface PgliteOptions extends DatabaseOptions {
  /**
   * A data directory to start from (PGlite's `dumpDataDir()`), instead of an
   * empty cluster: starting from one skips initdb, most of PGlite's start-up.
   */
  dataDir?: Blob | undefined;
}

/**
 * Postgres compiled to WebAssembly, in memory, in this process: the pg
 * dialect's tests without a server. Only tests import this file, so the app
 * never loads PGlite.
 */
export async function createPgliteDatabase(options: PgliteOptions = {}): Promise<PostgresDatabase> {
  const client = await PGlite.create(options.dataDir ? { loadDataDir: options.dataDir } : {});
  const db = drizzle(observePgliteClient(client), { schema, logger: queryLogger(options) });
  return postgresDatabase(db, {
    migrate: () => migrate(db, { migrationsFolder: migrationsFolder("postgres") }),
    close: () => client.close(),
  });
}

/**
 * A migrated, empty PGlite database as a data directory: written once per
 * test run (pglite-template.setup.ts), loaded by every test file's database.
 */
export async function dumpMigratedPglite(): Promise<Blob> {
  const client = await PGlite.create();
  try {
    await migrate(drizzle(client, { schema }), { migrationsFolder: migrationsFolder("postgres") });
    return await client.dumpDataDir("none");
  } finally {
    await client.close();
  }
}
