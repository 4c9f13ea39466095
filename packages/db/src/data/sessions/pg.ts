import { and, eq, exists, getTableColumns, lte, notExists } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import { revokedSessions, secondFactorSessions, users } from "../../schema/pg";
import { first } from "../rows";
import type { DataLayer } from "../types";

/** Browser sessions on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgSessions(db: PgDb): DataLayer["sessions"] {
  const revoked = (sessionId: string) =>
    db
      .select({ sessionId: revokedSessions.sessionId })
      .from(revokedSessions)
      .where(eq(revokedSessions.sessionId, sessionId));
  const marked = (sessionId: string) =>
    db
      .select({ sessionId: secondFactorSessions.sessionId })
      .from(secondFactorSessions)
      .where(eq(secondFactorSessions.sessionId, sessionId));
  return {
    user: async ({ userId, sessionId }) => {
      const row = first(
        await db
          .select({ ...getTableColumns(users), markedSecondFactor: exists(marked(sessionId)) })
          .from(users)
          .where(and(eq(users.id, userId), notExists(revoked(sessionId)))),
      );
      return row && { ...row, markedSecondFactor: Boolean(row.markedSecondFactor) };
    },
    revoke: async ({ sessionId, expiresAt, now }) => {
      // Pruning here keeps the table as small as the sessions signed out in the last 30 days.
      await db.delete(revokedSessions).where(lte(revokedSessions.expiresAt, now));
      await db.insert(revokedSessions).values({ sessionId, expiresAt }).onConflictDoNothing();
    },
  };
}
