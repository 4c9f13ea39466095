import type { Field, Resource } from "../resource";

export type Dialect = "sqlite" | "pg";

/** The drizzle column builders each dialect's table uses, to import from its core module. */
export function columnBuilders(r: Resource, dialect: Dialect): string[] {
  const used = new Set(["index", dialect === "sqlite" ? "sqliteTable" : "pgTable", "text"]);
  for (const f of r.fields) {
    if (f.type === "boolean") used.add(dialect === "sqlite" ? "integer" : "boolean");
    if (f.type === "date" && dialect === "pg") used.add("date");
  }
  return [...used];
}

function column(f: Field, dialect: Dialect): string {
  const notNull = f.optional ? "" : ".notNull()";
  switch (f.type) {
    case "string":
    case "text":
      return `text("${f.column}")${notNull}`;
    case "boolean":
      return dialect === "sqlite"
        ? `integer("${f.column}", { mode: "boolean" }).notNull().default(false)`
        : `boolean("${f.column}").notNull().default(false)`;
    case "date":
      // A calendar day, no time or zone: "2026-12-31" on both.
      return dialect === "sqlite"
        ? `text("${f.column}")${notNull}`
        : `date("${f.column}", { mode: "string" })${notNull}`;
  }
}

/** The table, appended to packages/db/src/schema/{sqlite,pg}.ts: the two are twins. */
export function tableStatement(r: Resource, dialect: Dialect): string {
  const table = dialect === "sqlite" ? "sqliteTable" : "pgTable";
  const who = r.owned ? "its owner or an admin may change it" : "anyone signed in may change it";
  const indexes = [
    `index("${r.table}_created_at_idx").on(t.createdAt, t.id)`,
    ...(r.owned ? [`index("${r.table}_owner_id_idx").on(t.ownerId)`] : []),
  ];
  return `/** ${r.Plural}, listed newest first; ${who}. */
export const ${r.plural} = ${table}(
  "${r.table}",
  {
    id: id(),
    ${r.fields.map((f) => `${f.key}: ${column(f, dialect)}`).join(",\n    ")},${r.owned ? `\n    ownerId: requiredRef("owner_id", () => users.id),` : ""}
    ...timestamps(),
  },
  (t) => [${indexes.join(", ")}],
);`;
}
