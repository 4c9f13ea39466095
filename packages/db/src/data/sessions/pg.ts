import { and, eq, lte, notExists } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import { revokedSessions, users } from "../../schema/pg";
import { first } from "../rows";
import type { DataLayer } from "../types";

/** Browser sessions on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgSessions(db: PgDb): DataLayer["sessions"] {
  const revoked = (sessionId: string) =>
    db
      .select({ sessionId: revokedSessions.sessionId })
      .from(revokedSessions)
      .where(eq(revokedSessions.sessionId, sessionId));
  return {
    user: async ({ userId, sessionId }) =>
      first(
        await db
          .select()
          .from(users)
          .where(and(eq(users.id, userId), notExists(revoked(sessionId)))),
      ),
    revoke: async ({ sessionId, expiresAt, now }) => {
      // Pruning here keeps the table as small as the sessions signed out in the last 30 days.
      await db.delete(revokedSessions).where(lte(revokedSessions.expiresAt, now));
      await db.insert(revokedSessions).values({ sessionId, expiresAt }).onConflictDoNothing();
    },
  };
}
