import { and, eq, lte, notExists } from "drizzle-orm";

import { revokedSessions, users } from "../../schema/sqlite";
import type { SqliteDb } from "../../sqlite/transaction";
import type { DataLayer } from "../types";

/** Browser sessions on SQLite; the Postgres twin is ./pg.ts. */
export function sqliteSessions(db: SqliteDb): DataLayer["sessions"] {
  const revoked = (sessionId: string) =>
    db
      .select({ sessionId: revokedSessions.sessionId })
      .from(revokedSessions)
      .where(eq(revokedSessions.sessionId, sessionId));
  return {
    user: async ({ userId, sessionId }) =>
      db
        .select()
        .from(users)
        .where(and(eq(users.id, userId), notExists(revoked(sessionId))))
        .get(),
    revoke: async ({ sessionId, expiresAt, now }) => {
      // Pruning here keeps the table as small as the sessions signed out in the last 30 days.
      db.delete(revokedSessions).where(lte(revokedSessions.expiresAt, now)).run();
      db.insert(revokedSessions).values({ sessionId, expiresAt }).onConflictDoNothing().run();
    },
  };
}
