import { and, eq } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import { users } from "../../schema/pg";
import { beyondCursor, newestFirst, toPage } from "../fragments";
import { first, inserted } from "../rows";
import type { DataLayer } from "../types";
import { nameOrEmailContains, nextSessionVersion } from "./shared";

/** Users on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgUsers(db: PgDb): DataLayer["users"] {
  return {
    byId: async (id) => first(await db.select().from(users).where(eq(users.id, id))),
    byEmail: async (email) => first(await db.select().from(users).where(eq(users.email, email))),
    create: async (input) => inserted(await db.insert(users).values(input).returning()),
    list: async ({ search, limit, cursor }) => {
      const matches = and(nameOrEmailContains(users, search, "ilike"), beyondCursor("newest first", users, cursor));
      const rows = await db
        .select()
        .from(users)
        .where(matches)
        .orderBy(...newestFirst(users))
        .limit(limit + 1);
      return toPage(rows, limit);
    },
    rename: async ({ id, name }) => first(await db.update(users).set({ name }).where(eq(users.id, id)).returning()),
    setRole: async ({ id, role }) => first(await db.update(users).set({ role }).where(eq(users.id, id)).returning()),
    revokeSessions: async (id) => {
      await db.update(users).set(nextSessionVersion(users)).where(eq(users.id, id));
    },
  };
}
