import { and, count, eq, max, sql } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

import { type Database, type DatabaseOptions, insertBatches, queryLogger, type SeedRows } from "../database";
import { migrationsAfter, pgMigrationLog, pgTables } from "../migration-status";
import { migrationsFolder } from "../paths";
import * as schema from "../schema/pg";
import { observePostgresClient } from "../statement-listener";
import { SCHEMA_LOCK_KEY, withSchemaLock } from "./advisory-lock";
import { createPgData } from "./data";
import type { PgDb, PgTx } from "./db";

export interface PostgresDatabase extends Database {
  readonly dialect: "postgres";
  /** The Drizzle client, for tests and scripts that need SQL the data layer does not offer. */
  readonly db: PgDb;
}

/** Pool size per process: Postgres' default max_connections (100) leaves room for ten app instances. */
const POOL_SIZE = 10;

/** A Postgres server through postgres.js, with a pool (docs/decisions/012-postgres-js-and-pglite.md). */
export function createPostgresDatabase(url: string, options: DatabaseOptions = {}): PostgresDatabase {
  const client = postgres(url, {
    max: POOL_SIZE,
    // "relation already exists, skipping" and friends from migrations: not worth a log line.
    onnotice: () => {},
  });
  const db = drizzlePostgres(observePostgresClient(client), { schema, logger: queryLogger(options) });
  return postgresDatabase(db, {
    // Under the schema lock: instances starting together on an empty database would
    // otherwise each apply the first migration ("relation … already exists").
    migrate: () => withSchemaLock(url, () => migratePostgres(db, { migrationsFolder: migrationsFolder("postgres") })),
    close: () => client.end(),
  });
}

/** The Database around a Drizzle Postgres client, whichever driver is under it. */
export function postgresDatabase(
  db: PgDb,
  driver: { migrate(): Promise<void>; close(): Promise<void> },
): PostgresDatabase {
  return {
    dialect: "postgres",
    db,
    data: createPgData(db),
    migrate: driver.migrate,
    pendingMigrations: async () => {
      const [logged] = await db
        .select({ n: count() })
        .from(pgTables)
        .where(and(eq(pgTables.tableSchema, "drizzle"), eq(pgTables.tableName, "__drizzle_migrations")));
      if (!logged?.n) return migrationsAfter("postgres", null);
      const [last] = await db.select({ at: max(pgMigrationLog.createdAt) }).from(pgMigrationLog);
      return migrationsAfter("postgres", last?.at ?? null);
    },
    isEmpty: async () => {
      const [row] = await db.select({ n: count() }).from(schema.users);
      return (row?.n ?? 0) === 0;
    },
    insertSeed: (rows: SeedRows) => db.transaction((tx) => insertSeedRows(tx, rows)),
    insertSeedIfEmpty: (rows: SeedRows) =>
      db.transaction(async (tx) => {
        // The schema lock, until this transaction ends: of instances seeding at once, the
        // first inserts and the others then see its users. (A plain count would let each
        // see an empty table until the first commits.)
        await tx.execute(sql.raw(`select pg_advisory_xact_lock(${SCHEMA_LOCK_KEY})`));
        const [row] = await tx.select({ n: count() }).from(schema.users);
        if ((row?.n ?? 0) > 0) return false;
        await insertSeedRows(tx, rows);
        return true;
      }),
    close: driver.close,
  };
}

async function insertSeedRows(tx: PgTx, rows: SeedRows): Promise<void> {
  for (const batch of insertBatches(rows.users)) await tx.insert(schema.users).values(batch);
  for (const batch of insertBatches(rows.accounts)) await tx.insert(schema.accounts).values(batch);
  for (const batch of insertBatches(rows.posts)) await tx.insert(schema.posts).values(batch);
  for (const batch of insertBatches(rows.comments)) await tx.insert(schema.comments).values(batch);
  for (const batch of insertBatches(rows.likes)) await tx.insert(schema.likes).values(batch);
}
