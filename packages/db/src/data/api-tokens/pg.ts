import { and, eq, isNull } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import * as t from "../../schema/pg";
import { newestFirst } from "../fragments";
import { changed, first, inserted } from "../rows";
import type { DataLayer } from "../types";
import { apiTokenFields, liveToken, staleCutoff, tokenOwnerFields, usedBefore } from "./shared";

const { apiTokens, users } = t;

/** API tokens on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgApiTokens(db: PgDb): DataLayer["apiTokens"] {
  return {
    create: async (input) => inserted(await db.insert(apiTokens).values(input).returning(apiTokenFields(t))),
    list: (userId) =>
      db
        .select(apiTokenFields(t))
        .from(apiTokens)
        .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
        .orderBy(...newestFirst(apiTokens)),
    revoke: async ({ id, userId, now }) =>
      changed(
        await db
          .update(apiTokens)
          .set({ revokedAt: now })
          .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
          .returning({ id: apiTokens.id }),
      ),
    authenticate: async ({ tokenHash, now }) => {
      const row = first(
        await db
          .select(tokenOwnerFields(t))
          .from(apiTokens)
          .innerJoin(users, eq(users.id, apiTokens.userId))
          .where(and(eq(apiTokens.tokenHash, tokenHash), liveToken(apiTokens, now))),
      );
      if (!row) return undefined;
      const stale = staleCutoff(row.lastUsedAt, now);
      if (stale)
        await db
          .update(apiTokens)
          .set({ lastUsedAt: now })
          .where(usedBefore(apiTokens, row.id, stale));
      return { user: row.user, scope: row.scope };
    },
  };
}
