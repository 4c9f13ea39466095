import { randomBytes } from "node:crypto";

import postgres from "postgres";

import type { Database, DatabaseOptions } from "./database";
import { createPostgresDatabase } from "./pg/client";
import { createPgliteDatabase } from "./pg/pglite";
import { createSqliteDatabase } from "./sqlite/client";

/**
 * The dialects the suite runs on. vitest.config.ts runs the db and api tests
 * once per dialect, naming it in TRELLIS_TEST_DIALECT.
 */
export const testDialects = ["sqlite", "pglite", "postgres"] as const;
export type TestDialect = (typeof testDialects)[number];

export function currentTestDialect(): TestDialect {
  const name = process.env.TRELLIS_TEST_DIALECT ?? "sqlite";
  const dialect = testDialects.find((d) => d === name);
  if (!dialect) throw new Error(`Unknown TRELLIS_TEST_DIALECT=${name}: use one of ${testDialects.join(", ")}`);
  return dialect;
}

export interface TestDatabase extends Database {
  /** Every SQL statement sent since the last `queries.length = 0`. */
  queries: string[];
}

/**
 * A fresh, migrated, empty database for one test file, on the dialect under
 * test: in-memory SQLite, in-memory PGlite, or a new database on the server
 * at TEST_DATABASE_URL (created here, dropped by `close()`).
 */
export async function createTestDatabase(dialect = currentTestDialect()): Promise<TestDatabase> {
  const queries: string[] = [];
  const options: DatabaseOptions = { onQuery: (sql) => queries.push(sql) };

  let database: Database;
  if (dialect === "sqlite") database = createSqliteDatabase(":memory:", options);
  else if (dialect === "pglite") database = await createPgliteDatabase(options);
  else database = await createServerTestDatabase(options);

  await database.migrate();
  queries.length = 0;
  return Object.assign(database, { queries });
}

/**
 * An empty database on a Postgres server, named `<prefix>_<random>`, and a
 * way to drop it: for a test file here, and for each e2e worker's app.
 */
export async function createScratchPostgres(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  // The name is ours and hex only, and CREATE DATABASE takes no parameters.
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A throwaway database on the TEST_DATABASE_URL server, so test files never share tables. */
async function createServerTestDatabase(options: DatabaseOptions): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TRELLIS_TEST_DIALECT=postgres needs TEST_DATABASE_URL");
  const scratch = await createScratchPostgres(serverUrl, "trellis_test");
  const database = createPostgresDatabase(scratch.url, options);
  return {
    ...database,
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}
