import { and, asc, count, eq, ne } from "drizzle-orm";

import type { PgDb, PgTx } from "../../pg/db";
import { accounts, passkeys, users } from "../../schema/pg";
import { isUniqueViolation, unlessRefused } from "../errors";
import { insertJobsIn } from "../jobs/pg";
import { first, inserted } from "../rows";
import type { DataLayer, User } from "../types";
import { nextSessionVersion } from "../users/shared";
import { identityAccount, oauthAccountOf, otherWaysIn, passwordAccountOf } from "./shared";

/** Inside a transaction: the password account's hash set (created if missing), every session ended. */
export async function setPasswordIn(tx: PgTx, userId: string, passwordHash: string): Promise<User | undefined> {
  const updated = await tx
    .update(accounts)
    .set({ passwordHash })
    .where(passwordAccountOf(accounts, userId))
    .returning({ id: accounts.id });
  const user = first(await tx.update(users).set(nextSessionVersion(users)).where(eq(users.id, userId)).returning());
  if (user && updated.length === 0) {
    await tx.insert(accounts).values({ userId, provider: "credentials", providerAccountId: user.email, passwordHash });
  }
  return user;
}

/** Sign-up, passwords and OAuth links on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgAccounts(db: PgDb): DataLayer["accounts"] {
  return {
    signUp: ({ email, name, passwordHash, jobs }) =>
      unlessRefused(isUniqueViolation, () =>
        db.transaction(async (tx): Promise<User> => {
          const user = inserted(await tx.insert(users).values({ email, name }).returning());
          await tx
            .insert(accounts)
            .values({ userId: user.id, provider: "credentials", providerAccountId: email, passwordHash });
          await insertJobsIn(tx, jobs?.(user) ?? []);
          return user;
        }),
      ),
    credentials: async (email) => {
      const row = first(
        await db
          .select({ user: users, passwordHash: accounts.passwordHash })
          .from(users)
          .innerJoin(accounts, passwordAccountOf(accounts, users.id))
          .where(eq(users.email, email)),
      );
      return row?.passwordHash ? { user: row.user, passwordHash: row.passwordHash } : undefined;
    },
    passwordHash: async (userId) =>
      first(
        await db
          .select({ passwordHash: accounts.passwordHash })
          .from(accounts)
          .where(passwordAccountOf(accounts, userId)),
      )?.passwordHash ?? undefined,
    setPassword: async ({ userId, passwordHash }) => {
      await db.transaction((tx) => setPasswordIn(tx, userId, passwordHash));
    },
    oauthUser: async (identity) =>
      first(
        await db
          .select({ user: users })
          .from(accounts)
          .innerJoin(users, eq(users.id, accounts.userId))
          .where(identityAccount(accounts, identity)),
      )?.user,
    createOAuthUser: ({ provider, providerAccountId, email, name }) =>
      unlessRefused(isUniqueViolation, () =>
        db.transaction(async (tx): Promise<User> => {
          const user = inserted(await tx.insert(users).values({ email, name }).returning());
          await tx.insert(accounts).values({ userId: user.id, provider, providerAccountId });
          return user;
        }),
      ),
    linkOAuth: async ({ userId, provider, providerAccountId }) => {
      // The unique index on (provider, provider_account_id) settles a race: the loser finds the owner.
      const created = await db
        .insert(accounts)
        .values({ userId, provider, providerAccountId })
        .onConflictDoNothing()
        .returning({ id: accounts.id });
      if (created.length > 0) return "linked";
      const owner = first(
        await db
          .select({ userId: accounts.userId })
          .from(accounts)
          .where(identityAccount(accounts, { provider, providerAccountId })),
      );
      return owner?.userId === userId ? "linked" : "taken";
    },
    oauthAccounts: async (userId) =>
      (
        await db
          .select({ provider: accounts.provider, linkedAt: accounts.createdAt })
          .from(accounts)
          .where(and(eq(accounts.userId, userId), ne(accounts.provider, "credentials")))
          .orderBy(asc(accounts.createdAt))
      ).flatMap((row) => (row.provider === "credentials" ? [] : [{ provider: row.provider, linkedAt: row.linkedAt }])),
    unlinkOAuth: async ({ userId, provider }) =>
      db.transaction(async (tx) => {
        // The user's row locked first: two unlinks at once cannot each see the other's link as the way left.
        await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
        const rows = await tx
          .select({ provider: accounts.provider, passwordHash: accounts.passwordHash })
          .from(accounts)
          .where(eq(accounts.userId, userId));
        if (!rows.some((row) => row.provider === provider)) return "none" as const;
        const keys = first(await tx.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId)))?.n ?? 0;
        if (otherWaysIn(rows, keys, provider) === 0) return "last" as const;
        await tx.delete(accounts).where(oauthAccountOf(accounts, userId, provider));
        return "unlinked" as const;
      }),
  };
}
