import { and, count, eq, inArray, isNotNull, isNull, lt, lte } from "drizzle-orm";

import { recoveryCodes, secondFactorSessions, twoFactors } from "../../schema/sqlite";
import type { SqliteDb, WriteTransaction } from "../../sqlite/transaction";
import type { DataLayer } from "../types";

/** Two-factor sign-in on SQLite; the Postgres twin is ./pg.ts. */
export function sqliteTwoFactor(db: SqliteDb, transaction: WriteTransaction): DataLayer["twoFactor"] {
  return {
    status: async (userId) => {
      const on = db
        .select({ userId: twoFactors.userId })
        .from(twoFactors)
        .where(and(eq(twoFactors.userId, userId), isNotNull(twoFactors.enabledAt)))
        .get();
      const codes = db.select({ n: count() }).from(recoveryCodes).where(eq(recoveryCodes.userId, userId)).get();
      return { enabled: on !== undefined, recoveryCodesLeft: on ? (codes?.n ?? 0) : 0 };
    },
    enabledAmong: async (userIds) =>
      userIds.length === 0
        ? []
        : db
            .select({ userId: twoFactors.userId })
            .from(twoFactors)
            .where(and(inArray(twoFactors.userId, userIds), isNotNull(twoFactors.enabledAt)))
            .all()
            .map((row) => row.userId),
    secret: async (userId) => {
      const row = db.select().from(twoFactors).where(eq(twoFactors.userId, userId)).get();
      return row && { secret: row.secret, enabled: row.enabledAt !== null, lastStep: row.lastStep };
    },
    begin: async ({ userId, secret }) => {
      // Replaces only a pending secret: the WHERE of the upsert leaves one that is on untouched.
      const rows = db
        .insert(twoFactors)
        .values({ userId, secret })
        .onConflictDoUpdate({
          target: twoFactors.userId,
          set: { secret, lastStep: 0 },
          setWhere: isNull(twoFactors.enabledAt),
        })
        .returning({ userId: twoFactors.userId })
        .all();
      return rows.length > 0;
    },
    enable: async ({ userId, secret, step, recoveryCodeHashes }) =>
      transaction((tx) => {
        const enabled = tx
          .update(twoFactors)
          .set({ enabledAt: new Date(), lastStep: step })
          .where(and(eq(twoFactors.userId, userId), eq(twoFactors.secret, secret), isNull(twoFactors.enabledAt)))
          .returning({ userId: twoFactors.userId })
          .get();
        if (!enabled) return false;
        tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
        if (recoveryCodeHashes.length > 0) {
          tx.insert(recoveryCodes)
            .values(recoveryCodeHashes.map((codeHash) => ({ codeHash, userId })))
            .run();
        }
        return true;
      }),
    disable: async (userId) =>
      transaction((tx) => {
        tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
        const gone = tx
          .delete(twoFactors)
          .where(and(eq(twoFactors.userId, userId), isNotNull(twoFactors.enabledAt)))
          .returning({ userId: twoFactors.userId })
          .get();
        return gone !== undefined;
      }),
    acceptStep: async ({ userId, step }) =>
      db
        .update(twoFactors)
        .set({ lastStep: step })
        .where(and(eq(twoFactors.userId, userId), isNotNull(twoFactors.enabledAt), lt(twoFactors.lastStep, step)))
        .returning({ userId: twoFactors.userId })
        .get() !== undefined,
    spendRecoveryCode: async ({ userId, codeHash }) =>
      db
        .delete(recoveryCodes)
        .where(and(eq(recoveryCodes.codeHash, codeHash), eq(recoveryCodes.userId, userId)))
        .returning({ codeHash: recoveryCodes.codeHash })
        .get() !== undefined,
    replaceRecoveryCodes: async ({ userId, codeHashes }) =>
      transaction((tx) => {
        tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
        if (codeHashes.length > 0) {
          tx.insert(recoveryCodes)
            .values(codeHashes.map((codeHash) => ({ codeHash, userId })))
            .run();
        }
      }),
    markSession: async ({ sessionId, expiresAt, now }) => {
      db.delete(secondFactorSessions).where(lte(secondFactorSessions.expiresAt, now)).run();
      db.insert(secondFactorSessions).values({ sessionId, expiresAt }).onConflictDoNothing().run();
    },
  };
}
