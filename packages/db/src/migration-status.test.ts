import { eq, max } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

import { migrationsAfter, pgMigrationLog, sqliteMigrationLog } from "./migration-status";
import { createPostgresDatabase, type PostgresDatabase } from "./pg/client";
import { createPgliteDatabase } from "./pg/pglite";
import { createSqliteDatabase, type SqliteDatabase } from "./sqlite/client";
import { createScratchPostgres, currentTestDialect } from "./testing";

/** An empty, unmigrated database on the dialect under test, closed (and dropped) after the file. */
async function unmigratedDatabase(): Promise<SqliteDatabase | PostgresDatabase> {
  const dialect = currentTestDialect();
  if (dialect === "sqlite") return closedAfterAll(createSqliteDatabase(":memory:"));
  if (dialect === "pglite") return closedAfterAll(await createPgliteDatabase());
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TRELLIS_TEST_DIALECT=postgres needs TEST_DATABASE_URL");
  const scratch = await createScratchPostgres(serverUrl, "trellis_test");
  const database = createPostgresDatabase(scratch.url);
  afterAll(async () => {
    await database.close().catch(() => {});
    await scratch.drop();
  });
  return database;
}

function closedAfterAll<T extends { close(): Promise<void> }>(database: T): T {
  // A test may have closed it already, on purpose.
  afterAll(() => database.close().catch(() => {}));
  return database;
}

/** Deletes drizzle's record of the newest migration, as if the database were one deploy behind. */
async function forgetNewestMigration(database: SqliteDatabase | PostgresDatabase): Promise<void> {
  if (database.dialect === "sqlite") {
    const log = sqliteMigrationLog;
    const newest = database.db
      .select({ at: max(log.createdAt) })
      .from(log)
      .get()?.at;
    if (newest != null) database.db.delete(log).where(eq(log.createdAt, newest)).run();
    return;
  }
  const log = pgMigrationLog;
  const [newest] = await database.db.select({ at: max(log.createdAt) }).from(log);
  if (newest?.at != null) await database.db.delete(log).where(eq(log.createdAt, newest.at));
}

// One database for the file: PGlite takes seconds to boot.
const database = await unmigratedDatabase();

describe("pendingMigrations", () => {
  it("lists every committed migration before the first migrate, none after, and the newest when it is missing", async () => {
    const committed = migrationsAfter(database.dialect, null);
    expect(committed.length).toBeGreaterThan(0);
    expect(committed[0]).toMatch(/^0000_/);

    expect(await database.pendingMigrations()).toEqual(committed);
    await database.migrate();
    expect(await database.pendingMigrations()).toEqual([]);

    await forgetNewestMigration(database);
    expect(await database.pendingMigrations()).toEqual([committed.at(-1)]);
  });

  it("throws once the database is closed, so a readiness check reports it unreachable", async () => {
    await database.close();
    await expect(database.pendingMigrations()).rejects.toThrow();
  });
});
