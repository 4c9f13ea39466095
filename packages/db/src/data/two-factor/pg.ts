import { and, count, eq, inArray, isNotNull, isNull, lt, lte } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import { recoveryCodes, secondFactorSessions, twoFactors } from "../../schema/pg";
import { changed, first } from "../rows";
import type { DataLayer } from "../types";

/** Two-factor sign-in on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgTwoFactor(db: PgDb): DataLayer["twoFactor"] {
  return {
    status: async (userId) => {
      const on = first(
        await db
          .select({ userId: twoFactors.userId })
          .from(twoFactors)
          .where(and(eq(twoFactors.userId, userId), isNotNull(twoFactors.enabledAt))),
      );
      const codes = first(await db.select({ n: count() }).from(recoveryCodes).where(eq(recoveryCodes.userId, userId)));
      return { enabled: on !== undefined, recoveryCodesLeft: on ? (codes?.n ?? 0) : 0 };
    },
    enabledAmong: async (userIds) =>
      userIds.length === 0
        ? []
        : (
            await db
              .select({ userId: twoFactors.userId })
              .from(twoFactors)
              .where(and(inArray(twoFactors.userId, userIds), isNotNull(twoFactors.enabledAt)))
          ).map((row) => row.userId),
    secret: async (userId) => {
      const row = first(await db.select().from(twoFactors).where(eq(twoFactors.userId, userId)));
      return row && { secret: row.secret, enabled: row.enabledAt !== null, lastStep: row.lastStep };
    },
    begin: async ({ userId, secret }) =>
      // Replaces only a pending secret: the WHERE of the upsert leaves one that is on untouched.
      changed(
        await db
          .insert(twoFactors)
          .values({ userId, secret })
          .onConflictDoUpdate({
            target: twoFactors.userId,
            set: { secret, lastStep: 0 },
            setWhere: isNull(twoFactors.enabledAt),
          })
          .returning({ userId: twoFactors.userId }),
      ),
    enable: async ({ userId, secret, step, recoveryCodeHashes }) =>
      db.transaction(async (tx) => {
        const enabled = changed(
          await tx
            .update(twoFactors)
            .set({ enabledAt: new Date(), lastStep: step })
            .where(and(eq(twoFactors.userId, userId), eq(twoFactors.secret, secret), isNull(twoFactors.enabledAt)))
            .returning({ userId: twoFactors.userId }),
        );
        if (!enabled) return false;
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
        if (recoveryCodeHashes.length > 0) {
          await tx.insert(recoveryCodes).values(recoveryCodeHashes.map((codeHash) => ({ codeHash, userId })));
        }
        return true;
      }),
    disable: async (userId) =>
      db.transaction(async (tx) => {
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
        return changed(
          await tx
            .delete(twoFactors)
            .where(and(eq(twoFactors.userId, userId), isNotNull(twoFactors.enabledAt)))
            .returning({ userId: twoFactors.userId }),
        );
      }),
    acceptStep: async ({ userId, step }) =>
      changed(
        await db
          .update(twoFactors)
          .set({ lastStep: step })
          .where(and(eq(twoFactors.userId, userId), isNotNull(twoFactors.enabledAt), lt(twoFactors.lastStep, step)))
          .returning({ userId: twoFactors.userId }),
      ),
    spendRecoveryCode: async ({ userId, codeHash }) =>
      changed(
        await db
          .delete(recoveryCodes)
          .where(and(eq(recoveryCodes.codeHash, codeHash), eq(recoveryCodes.userId, userId)))
          .returning({ codeHash: recoveryCodes.codeHash }),
      ),
    replaceRecoveryCodes: async ({ userId, codeHashes }) => {
      await db.transaction(async (tx) => {
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
        if (codeHashes.length > 0) {
          await tx.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ codeHash, userId })));
        }
      });
    },
    markSession: async ({ sessionId, expiresAt, now }) => {
      await db.delete(secondFactorSessions).where(lte(secondFactorSessions.expiresAt, now));
      await db.insert(secondFactorSessions).values({ sessionId, expiresAt }).onConflictDoNothing();
    },
  };
}
