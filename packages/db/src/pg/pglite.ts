import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";

import { type DatabaseOptions, queryLogger } from "../database";
import { migrationsFolder } from "../paths";
import * as schema from "../schema/pg";
import { type PostgresDatabase, postgresDatabase } from "./client";

/**
 * Postgres compiled to WebAssembly, in memory, in this process: the pg
 * dialect's tests without a server. Only tests import this file, so the app
 * never loads PGlite.
 */
export async function createPgliteDatabase(options: DatabaseOptions = {}): Promise<PostgresDatabase> {
  const client = await PGlite.create();
  const db = drizzle(client, { schema, logger: queryLogger(options) });
  return postgresDatabase(db, {
    migrate: () => migrate(db, { migrationsFolder: migrationsFolder("postgres") }),
    close: () => client.close(),
  });
}
