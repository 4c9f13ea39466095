import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

import { getTableColumns, getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import postgres from "postgres";

import type { DatabaseOptions } from "./database";
import { createPostgresDatabase, type PostgresDatabase } from "./pg/client";
import { createPgliteDatabase } from "./pg/pglite";
import { redactingErrors } from "./query-errors";
import * as pgSchema from "./schema/pg";
import * as sqliteSchema from "./schema/sqlite";
import { createSqliteDatabase, type SqliteDatabase } from "./sqlite/client";

/** A UUIDv7 that no row has: the id to ask for when a test wants "not found". */
export const MISSING_ID = "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a";

/**
 * The dialects the suite runs on. vitest.config.ts runs every test file that
 * reaches this module once per dialect (vitest.projects.ts), naming it in
 * TRELLIS_TEST_DIALECT.
 */
export const testDialects = ["sqlite", "pglite", "postgres"] as const;
export type TestDialect = (typeof testDialects)[number];

export function currentTestDialect(): TestDialect {
  const name = process.env.TRELLIS_TEST_DIALECT ?? "sqlite";
  const dialect = testDialects.find((d) => d === name);
  if (!dialect) throw new Error(`Unknown TRELLIS_TEST_DIALECT=${name}: use one of ${testDialects.join(", ")}`);
  return dialect;
}

/** A test database keeps its dialect's Drizzle client (`db`), for SQL the data layer does not offer. */
export type TestDatabase = (SqliteDatabase | PostgresDatabase) & {
  /** Every SQL statement sent since the last `queries.length = 0`. */
  queries: string[];
};

/**
 * A fresh, migrated, empty database for one test file, on the dialect under
 * test: in-memory SQLite, in-memory PGlite, or a new database on the server
 * at TEST_DATABASE_URL (created here, dropped by `close()`).
 */
export async function createTestDatabase(dialect = currentTestDialect()): Promise<TestDatabase> {
  const queries: string[] = [];
  const options: DatabaseOptions = { onQuery: (sql) => queries.push(sql) };

  let database: SqliteDatabase | PostgresDatabase;
  if (dialect === "sqlite") database = createSqliteDatabase(":memory:", options);
  else if (dialect === "pglite") database = await createPgliteDatabase({ ...options, dataDir: await pgliteTemplate() });
  else database = await createServerTestDatabase(options);

  // As the app's databases do (createDatabase): no error carries a query's values.
  redactingErrors(database);
  await database.migrate();
  queries.length = 0;
  return Object.assign(database, { queries });
}

/**
 * The migrated PGlite data directory vitest's pglite project writes once per
 * run (pg/pglite-template.setup.ts), for a test file's database to start
 * from; undefined outside vitest (a script) or without it, and the database
 * starts empty. Either way `migrate()` runs after: on the copy it finds every
 * migration applied.
 */
async function pgliteTemplate(): Promise<Blob | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import("vitest");
  const file = inject("pgliteTemplate");
  return file ? new Blob([readFileSync(file)]) : undefined;
}

/**
 * An empty database on a Postgres server, named `<prefix>_<random>`, and a
 * way to drop it: for a test file here, and for each e2e worker's app.
 */
export async function createScratchPostgres(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  // CREATE DATABASE takes no parameters, so the name must be a plain identifier:
  // the prefix is folded to lower-case letters, digits and underscores ("rate-limit"
  // becomes "rate_limit"), the suffix is hex.
  const safePrefix = prefix.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  const name = `${safePrefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
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
async function createServerTestDatabase(options: DatabaseOptions): Promise<PostgresDatabase> {
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

/**
 * Every table of the schema, by name, as its row count and its rows (SQLite)
 * or their hash (Postgres), in any order: two equal snapshots mean nothing was
 * written in between. For tests that prove a refused call changed nothing
 * (packages/server/src/hostile-input.test.ts), which take thousands of them: the
 * tables come from the schema modules (a new table is included without a word
 * here), one statement reads them all, and when no transaction has written
 * since the last snapshot, that one is returned without reading the tables.
 */
export async function snapshotTables(database: TestDatabase): Promise<Record<string, string>> {
  const mark = await writeMark(database);
  const last = lastSnapshots.get(database);
  if (last?.mark === mark) return { ...last.tables };
  const text = await queryText(database, database.dialect === "sqlite" ? sqliteSnapshotQuery() : pgSnapshotQuery());
  const tables: Record<string, string> = JSON.parse(text);
  lastSnapshots.set(database, { mark, tables });
  return { ...tables };
}

const lastSnapshots = new WeakMap<TestDatabase, { mark: string; tables: Record<string, string> }>();

/**
 * What changes whenever a write may have happened: SQLite's count of rows this
 * connection changed; Postgres' current snapshot (the next transaction id and
 * those in progress), which moves whenever a transaction that writes starts or
 * ends — committed or not, in any database of the server: a needless re-read
 * then, never a missed write. Read before the tables, so a write in between
 * moves it past the snapshot.
 */
const writeMark = (database: TestDatabase) =>
  queryText(
    database,
    database.dialect === "sqlite" ? "select cast(total_changes() as text)" : "select pg_current_snapshot()::text",
  );

/** The one text value a one-row, one-column query returns, on either dialect. */
async function queryText(database: TestDatabase, query: string): Promise<string> {
  let value: unknown;
  if (database.dialect === "sqlite") {
    value = database.client.prepare<[], unknown>(query).pluck().get();
  } else {
    const result: unknown = await database.db.execute(sql.raw(query));
    // postgres.js answers an array of rows, PGlite an object holding them.
    const rows: unknown = Array.isArray(result) ? result : Reflect.get(Object(result), "rows");
    const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
    value = first && typeof first === "object" ? Object.values(first)[0] : undefined;
  }
  if (typeof value !== "string") throw new Error(`Expected one text value from: ${query}`);
  return value;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** `{"users": "3 rows, [row]\n[row]…", …}`: SQLite has no hash function, and its tables here are small. */
function sqliteSnapshotQuery(): string {
  const tables = Object.values(sqliteSchema).filter((table) => is(table, SQLiteTable));
  const parts = tables.map((table) => {
    const row = `json_array(${Object.values(getTableColumns(table))
      .map((column) => quote(column.name))
      .join(", ")})`;
    const rows = `select ${row} as r from ${quote(getTableName(table))} order by r`;
    return `'${getTableName(table)}', (select count(*) || ' rows, ' || coalesce(group_concat(r, char(10)), '') from (${rows}))`;
  });
  return `select json_object(${parts.join(", ")})`;
}

/** `{"users": "3 rows, <md5 of the rows>", …}`. */
function pgSnapshotQuery(): string {
  const tables = Object.values(pgSchema).filter((table) => is(table, PgTable));
  const parts = tables.map((table) => {
    const rows = `string_agg(t::text, E'\\n' order by t::text)`;
    return `'${getTableName(table)}', (select count(*) || ' rows, ' || md5(coalesce(${rows}, '')) from ${quote(getTableName(table))} t)`;
  });
  return `select json_build_object(${parts.join(", ")})::text`;
}
