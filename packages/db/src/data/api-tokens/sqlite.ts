import { and, eq, isNull } from "drizzle-orm";

import * as t from "../../schema/sqlite";
import type { SqliteDb } from "../../sqlite/transaction";
import { newestFirst } from "../fragments";
import { changed } from "../rows";
import type { DataLayer } from "../types";
import { apiTokenFields, liveToken, staleCutoff, tokenOwnerFields, usedBefore } from "./shared";

const { apiTokens, users } = t;

/** API tokens on SQLite; the Postgres twin is ./pg.ts. */
export function sqliteApiTokens(db: SqliteDb): DataLayer["apiTokens"] {
  return {
    create: async (input) => db.insert(apiTokens).values(input).returning(apiTokenFields(t)).get(),
    list: async (userId) =>
      db
        .select(apiTokenFields(t))
        .from(apiTokens)
        .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
        .orderBy(...newestFirst(apiTokens))
        .all(),
    revoke: async ({ id, userId, now }) =>
      changed(
        db
          .update(apiTokens)
          .set({ revokedAt: now })
          .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
          .returning({ id: apiTokens.id })
          .all(),
      ),
    authenticate: async ({ tokenHash, now }) => {
      const row = db
        .select(tokenOwnerFields(t))
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(and(eq(apiTokens.tokenHash, tokenHash), liveToken(apiTokens, now)))
        .get();
      if (!row) return undefined;
      const stale = staleCutoff(row.lastUsedAt, now);
      if (stale)
        db.update(apiTokens)
          .set({ lastUsedAt: now })
          .where(usedBefore(apiTokens, row.id, stale))
          .run();
      return { user: row.user, scope: row.scope };
    },
  };
}
