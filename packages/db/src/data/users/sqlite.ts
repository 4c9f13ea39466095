import { and, eq } from "drizzle-orm";

import { users } from "../../schema/sqlite";
import type { SqliteDb } from "../../sqlite/transaction";
import { beyondCursor, newestFirst, toPage } from "../fragments";
import type { DataLayer } from "../types";
import { nameOrEmailContains, nextSessionVersion } from "./shared";

/** Users on SQLite; the Postgres twin is ./pg.ts. */
export function sqliteUsers(db: SqliteDb): DataLayer["users"] {
  return {
    byId: async (id) => db.select().from(users).where(eq(users.id, id)).get(),
    byEmail: async (email) => db.select().from(users).where(eq(users.email, email)).get(),
    create: async (input) => db.insert(users).values(input).returning().get(),
    list: async ({ search, limit, cursor }) => {
      const matches = and(nameOrEmailContains(users, search, "like"), beyondCursor("newest first", users, cursor));
      const rows = db
        .select()
        .from(users)
        .where(matches)
        .orderBy(...newestFirst(users))
        .limit(limit + 1)
        .all();
      return toPage(rows, limit);
    },
    rename: async ({ id, name }) => db.update(users).set({ name }).where(eq(users.id, id)).returning().get(),
    setRole: async ({ id, role }) => db.update(users).set({ role }).where(eq(users.id, id)).returning().get(),
    revokeSessions: async (id) => {
      db.update(users).set(nextSessionVersion(users)).where(eq(users.id, id)).run();
    },
  };
}
