import { and, eq, exists, getTableColumns, lte, notExists } from "drizzle-orm";

import { revokedSessions, secondFactorSessions, users } from "../../schema/sqlite";
import type { SqliteDb } from "../../sqlite/transaction";
import type { DataLayer } from "../types";

/** Browser sessions on SQLite; the Postgres twin is ./pg.ts. */
export function sqliteSessions(db: SqliteDb): DataLayer["sessions"] {
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
      const row = db
        .select({ ...getTableColumns(users), markedSecondFactor: exists(marked(sessionId)) })
        .from(users)
        .where(and(eq(users.id, userId), notExists(revoked(sessionId))))
        .get();
      // SQLite answers EXISTS with 0 or 1.
      return row && { ...row, markedSecondFactor: Boolean(row.markedSecondFactor) };
    },
    revoke: async ({ sessionId, expiresAt, now }) => {
      // Pruning here keeps the table as small as the sessions signed out in the last 30 days.
      db.delete(revokedSessions).where(lte(revokedSessions.expiresAt, now)).run();
      db.insert(revokedSessions).values({ sessionId, expiresAt }).onConflictDoNothing().run();
    },
  };
}
