import { getTableName, is, SQL, type Table } from "drizzle-orm";
import { PgTable, pgTable, getTableConfig as pgTableConfig, text, timestamp } from "drizzle-orm/pg-core";
import { SQLiteTable, getTableConfig as sqliteTableConfig } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";

import * as pg from "./pg";
import * as sqlite from "./sqlite";

/**
 * Everything about a table that both dialects must agree on, in a form that
 * compares with toEqual: column names, kinds, nullability and defaults,
 * primary keys, indexes, foreign keys with their ON DELETE.
 */
function describeTable(config: ReturnType<typeof pgTableConfig> | ReturnType<typeof sqliteTableConfig>) {
  const names = (columns: readonly unknown[]) =>
    columns.map((c) => (c && typeof c === "object" && "name" in c ? String(c.name) : "<expression>"));
  return {
    name: config.name,
    columns: config.columns.map((c) => ({
      name: c.name,
      kind: c.dataType,
      enumValues: c.enumValues ?? null,
      notNull: c.notNull,
      primary: c.primary,
      unique: c.isUnique,
      // SQL defaults differ in spelling (now() vs unixepoch()); that there is one, and any literal, must match.
      sqlDefault: c.default === undefined ? null : is(c.default, SQL) ? "<sql expression>" : c.default,
      appDefault: c.defaultFn !== undefined,
      appOnUpdate: c.onUpdateFn !== undefined,
    })),
    primaryKeys: config.primaryKeys.map((pk) => names(pk.columns)),
    indexes: config.indexes
      .map((i) => ({ name: i.config.name, columns: names(i.config.columns), unique: i.config.unique ?? false }))
      .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "")),
    foreignKeys: config.foreignKeys.map((fk) => {
      const ref = fk.reference();
      return {
        columns: names(ref.columns),
        references: `${getTableName(ref.foreignTable as Table)}(${names(ref.foreignColumns).join(", ")})`,
        onDelete: fk.onDelete ?? "no action",
        onUpdate: fk.onUpdate ?? "no action",
      };
    }),
  };
}

type TableModule = Record<string, unknown>;

/** The tables a schema module exports, by export name. */
function tablesOf(module: TableModule): Record<string, ReturnType<typeof describeTable>> {
  const tables: Record<string, ReturnType<typeof describeTable>> = {};
  for (const [key, value] of Object.entries(module)) {
    if (is(value, PgTable)) tables[key] = describeTable(pgTableConfig(value));
    else if (is(value, SQLiteTable)) tables[key] = describeTable(sqliteTableConfig(value));
  }
  return tables;
}

describe("the SQLite and Postgres schemas", () => {
  // The tables are whatever the schema files export: adding one to a file is
  // all it takes for the checks below to cover it. (A table dropped from both
  // files is migrations.test.ts's to notice: the migrations would differ.)
  it.each([
    ["schema/sqlite.ts", sqlite],
    ["schema/pg.ts", pg],
  ] as const)("%s exports tables only, so none escapes these checks", (file, module) => {
    const notTables = Object.keys(module).filter((key) => !(key in tablesOf(module)));
    expect(notTables, `${file} exports something that is not a table: keep helpers unexported`).toEqual([]);
    expect(Object.keys(module).length, `${file} exports no tables`).toBeGreaterThan(0);
  });

  it("define the same tables", () => {
    expect(
      Object.keys(tablesOf(sqlite)).sort(),
      "a table is in one of schema/sqlite.ts and schema/pg.ts only: add it to the other",
    ).toEqual(Object.keys(tablesOf(pg)).sort());
  });

  it.each(Object.keys(tablesOf(sqlite)))("agree on every column, key, index and foreign key of %s", (name) => {
    expect(tablesOf(pg)[name]).toEqual(tablesOf(sqlite)[name]);
  });

  it("would notice a change made to one dialect only", () => {
    // recovery_codes, as someone might edit it in pg.ts alone: a nullable user, SET NULL, no index.
    // (A table that stays when `pnpm demo:remove` takes the posts out.)
    const driftedRecoveryCodes = pgTable("recovery_codes", {
      codeHash: text("code_hash").primaryKey(),
      userId: text("user_id").references(() => pg.users.id, { onDelete: "set null" }),
      createdAt: timestamp("created_at", { mode: "date", precision: 3, withTimezone: true }).notNull().defaultNow(),
    });
    expect(tablesOf({ recoveryCodes: driftedRecoveryCodes }).recoveryCodes).not.toEqual(tablesOf(sqlite).recoveryCodes);
  });
});
