import { readFileSync } from "node:fs";
import { join } from "node:path";

import { bigint, pgSchema, text as pgText, serial } from "drizzle-orm/pg-core";
import { integer, numeric, sqliteTable, text as sqliteText } from "drizzle-orm/sqlite-core";

import type { Dialect } from "./dialect";
import { migrationsFolder } from "./paths";

/*
 * Drizzle's own bookkeeping tables, declared here (not in ./schema, which
 * drizzle-kit reads) only so a readiness check can ask which migrations ran.
 * Drizzle writes one row per applied migration, `created_at` being the
 * journal's `when` of that migration; it applies a migration when its `when`
 * is newer than the newest row, and so does this check.
 */

export const sqliteMigrationLog = sqliteTable("__drizzle_migrations", {
  id: integer("id").primaryKey(),
  hash: sqliteText("hash").notNull(),
  createdAt: numeric("created_at", { mode: "number" }),
});
export const sqliteMaster = sqliteTable("sqlite_master", { type: sqliteText("type"), name: sqliteText("name") });

export const pgMigrationLog = pgSchema("drizzle").table("__drizzle_migrations", {
  id: serial("id").primaryKey(),
  hash: pgText("hash").notNull(),
  createdAt: bigint("created_at", { mode: "number" }),
});
export const pgTables = pgSchema("information_schema").table("tables", {
  tableSchema: pgText("table_schema"),
  tableName: pgText("table_name"),
});

interface JournalEntry {
  tag: string;
  when: number;
}

/**
 * The committed migrations (their tags, e.g. "0003_jobs") newer than the last
 * one the database recorded, `null` meaning none was ever applied.
 */
export function migrationsAfter(dialect: Dialect, lastApplied: number | null): string[] {
  const journal: { entries: JournalEntry[] } = JSON.parse(
    readFileSync(join(migrationsFolder(dialect), "meta", "_journal.json"), "utf8"),
  );
  return journal.entries.filter((entry) => lastApplied === null || entry.when > lastApplied).map((entry) => entry.tag);
}
