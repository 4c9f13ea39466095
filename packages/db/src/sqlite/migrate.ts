import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";

import { migrationsFolder } from "../paths";
import type { WriteTransaction } from "./transaction";

/**
 * drizzle's SQLite migrator, in one `BEGIN IMMEDIATE` transaction. drizzle's
 * own creates its table and reads the last migration before a deferred
 * `BEGIN`: two processes opening one new file at once both read "nothing ran"
 * and the second fails on `CREATE TABLE` once the first commits. Taking the
 * write lock first (waiting up to the busy timeout) makes reading what ran
 * and applying the rest one step. Same table, same rows as drizzle's, so
 * drizzle-kit and the readiness check (migration-status.ts) read it as before.
 */
export function migrateSqlite(transaction: WriteTransaction): void {
  const migrations = readMigrationFiles({ migrationsFolder: migrationsFolder("sqlite") });
  transaction((tx) => {
    tx.run(sql`CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (
      id SERIAL PRIMARY KEY,
      hash text NOT NULL,
      created_at numeric
    )`);
    const last = tx.values<[number, string, number]>(
      sql`SELECT id, hash, created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1`,
    )[0];
    for (const migration of migrations) {
      if (last && Number(last[2]) >= migration.folderMillis) continue;
      for (const statement of migration.sql) tx.run(sql.raw(statement));
      tx.run(
        sql`INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (${migration.hash}, ${migration.folderMillis})`,
      );
    }
  });
}
