import type { Field, Resource } from "../resource";

const tsType = (f: Field) => `${f.type === "boolean" ? "boolean" : "string"}${f.optional ? " | null" : ""}`;

/** The row as every reader sees it, for packages/db/src/data/types.ts. */
export function rowInterface(r: Resource): string {
  return `/** A ${r.words.one}, as every reader sees it. */
export interface ${r.Singular} {
  id: string;
  ${r.fields.map((f) => `${f.key}: ${tsType(f)};`).join("\n  ")}${r.owned ? "\n  ownerId: string;" : ""}
  createdAt: Date;
  updatedAt: Date;
}`;
}

/** What create writes (and update, any of them), for packages/db/src/data/types.ts. */
export function fieldsInterface(r: Resource): string {
  return `/** What a ${r.words.one}'s create and update write. */
export interface ${r.Singular}Fields {
  ${r.fields.map((f) => `${f.key}: ${tsType(f)};`).join("\n  ")}
}`;
}

/** The data layer's contract for the resource: a property of DataLayer. */
export function contractType(r: Resource): string {
  const S = r.Singular;
  return `{
    /** Newest first, by cursor. */
    list(input: { limit: number; cursor?: Cursor | null }): Promise<Page<${S}>>;
    byId(id: string): Promise<${S} | undefined>;
    create(input: ${S}Fields${r.owned ? " & { ownerId: string }" : ""}): Promise<${S}>;
    /** Writes only the fields given (a field left out keeps its value); undefined when there is no such ${r.words.one}. */
    update(input: Partial<${S}Fields> & { id: string }): Promise<${S} | undefined>;${
      r.owned
        ? `
    /** Who owns it, for the ownership check; undefined when there is no such ${r.words.one}. */
    ownerId(id: string): Promise<string | undefined>;`
        : ""
    }
    /** The deleted ${r.words.one}'s id, or undefined when there was none. */
    delete(id: string): Promise<{ id: string } | undefined>;
  }`;
}

export function sqliteDataFile(r: Resource): string {
  const t = r.plural;
  return `import { eq } from "drizzle-orm";

import { ${t} } from "../../schema/sqlite";
import type { SqliteDb } from "../../sqlite/transaction";
import { beyondCursor, newestFirst, toPage } from "../fragments";
import type { DataLayer } from "../types";

/** ${r.Plural} on SQLite; the Postgres twin is ./pg.ts. */
export function sqlite${r.Plural}(db: SqliteDb): DataLayer["${t}"] {
  return {
    list: async ({ limit, cursor }) => {
      const rows = db
        .select()
        .from(${t})
        .where(beyondCursor("newest first", ${t}, cursor))
        .orderBy(...newestFirst(${t}))
        .limit(limit + 1)
        .all();
      return toPage(rows, limit);
    },
    byId: async (id) => db.select().from(${t}).where(eq(${t}.id, id)).get(),
    create: async (input) => db.insert(${t}).values(input).returning().get(),
    // Drizzle leaves a key whose value is undefined out of the SET: a field the edit does not name keeps its value.
    update: async ({ id, ...fields }) => db.update(${t}).set(fields).where(eq(${t}.id, id)).returning().get(),${
      r.owned
        ? `
    ownerId: async (id) => db.select({ ownerId: ${t}.ownerId }).from(${t}).where(eq(${t}.id, id)).get()?.ownerId,`
        : ""
    }
    delete: async (id) => db.delete(${t}).where(eq(${t}.id, id)).returning({ id: ${t}.id }).get(),
  };
}
`;
}

export function pgDataFile(r: Resource): string {
  const t = r.plural;
  return `import { eq } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import { ${t} } from "../../schema/pg";
import { beyondCursor, newestFirst, toPage } from "../fragments";
import { first, inserted } from "../rows";
import type { DataLayer } from "../types";

/** ${r.Plural} on Postgres; the SQLite twin is ./sqlite.ts. */
export function pg${r.Plural}(db: PgDb): DataLayer["${t}"] {
  return {
    list: async ({ limit, cursor }) => {
      const rows = await db
        .select()
        .from(${t})
        .where(beyondCursor("newest first", ${t}, cursor))
        .orderBy(...newestFirst(${t}))
        .limit(limit + 1);
      return toPage(rows, limit);
    },
    byId: async (id) => first(await db.select().from(${t}).where(eq(${t}.id, id))),
    create: async (input) => inserted(await db.insert(${t}).values(input).returning()),
    // Drizzle leaves a key whose value is undefined out of the SET: a field the edit does not name keeps its value.
    update: async ({ id, ...fields }) => first(await db.update(${t}).set(fields).where(eq(${t}.id, id)).returning()),${
      r.owned
        ? `
    ownerId: async (id) => first(await db.select({ ownerId: ${t}.ownerId }).from(${t}).where(eq(${t}.id, id)))?.ownerId,`
        : ""
    }
    delete: async (id) => first(await db.delete(${t}).where(eq(${t}.id, id)).returning({ id: ${t}.id })),
  };
}
`;
}
