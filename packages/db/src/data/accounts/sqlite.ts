import { and, asc, count, eq, ne } from "drizzle-orm";

import { accounts, passkeys, users } from "../../schema/sqlite";
import type { SqliteDb, SqliteTx, WriteTransaction } from "../../sqlite/transaction";
import { isUniqueViolation, unlessRefused } from "../errors";
import { insertJobsIn } from "../jobs/sqlite";
import type { DataLayer, User } from "../types";
import { nextSessionVersion } from "../users/shared";
import { identityAccount, oauthAccountOf, otherWaysIn, passwordAccountOf } from "./shared";

/** Inside a transaction: the password account's hash set (created if missing), every session ended. */
export function setPasswordIn(tx: SqliteTx, userId: string, passwordHash: string): User | undefined {
  const updated = tx
    .update(accounts)
    .set({ passwordHash })
    .where(passwordAccountOf(accounts, userId))
    .returning({ id: accounts.id })
    .all();
  const user = tx.update(users).set(nextSessionVersion(users)).where(eq(users.id, userId)).returning().get();
  if (user && updated.length === 0) {
    tx.insert(accounts).values({ userId, provider: "credentials", providerAccountId: user.email, passwordHash }).run();
  }
  return user;
}

/**
 * Sign-up, passwords and OAuth links on SQLite; the Postgres twin is ./pg.ts.
 * The transactions are better-sqlite3's: synchronous callbacks, so each
 * statement ends in .get()/.all()/.run() rather than an await.
 */
export function sqliteAccounts(db: SqliteDb, transaction: WriteTransaction): DataLayer["accounts"] {
  return {
    signUp: ({ email, name, passwordHash, jobs }) =>
      unlessRefused(isUniqueViolation, () =>
        transaction((tx): User => {
          const user = tx.insert(users).values({ email, name }).returning().get();
          tx.insert(accounts)
            .values({ userId: user.id, provider: "credentials", providerAccountId: email, passwordHash })
            .run();
          insertJobsIn(tx, jobs?.(user) ?? []);
          return user;
        }),
      ),
    credentials: async (email) => {
      const row = db
        .select({ user: users, passwordHash: accounts.passwordHash })
        .from(users)
        .innerJoin(accounts, passwordAccountOf(accounts, users.id))
        .where(eq(users.email, email))
        .get();
      return row?.passwordHash ? { user: row.user, passwordHash: row.passwordHash } : undefined;
    },
    passwordHash: async (userId) =>
      db.select({ passwordHash: accounts.passwordHash }).from(accounts).where(passwordAccountOf(accounts, userId)).get()
        ?.passwordHash ?? undefined,
    setPassword: async ({ userId, passwordHash }) => {
      transaction((tx) => {
        setPasswordIn(tx, userId, passwordHash);
      });
    },
    oauthUser: async (identity) =>
      db
        .select({ user: users })
        .from(accounts)
        .innerJoin(users, eq(users.id, accounts.userId))
        .where(identityAccount(accounts, identity))
        .get()?.user,
    createOAuthUser: ({ provider, providerAccountId, email, name }) =>
      unlessRefused(isUniqueViolation, () =>
        transaction((tx): User => {
          const user = tx.insert(users).values({ email, name }).returning().get();
          tx.insert(accounts).values({ userId: user.id, provider, providerAccountId }).run();
          return user;
        }),
      ),
    linkOAuth: async ({ userId, provider, providerAccountId }) =>
      transaction((tx) => {
        const owner = tx
          .select({ userId: accounts.userId })
          .from(accounts)
          .where(identityAccount(accounts, { provider, providerAccountId }))
          .get();
        if (owner) return owner.userId === userId ? "linked" : "taken";
        tx.insert(accounts).values({ userId, provider, providerAccountId }).run();
        return "linked";
      }),
    oauthAccounts: async (userId) =>
      db
        .select({ provider: accounts.provider, linkedAt: accounts.createdAt })
        .from(accounts)
        .where(and(eq(accounts.userId, userId), ne(accounts.provider, "credentials")))
        .orderBy(asc(accounts.createdAt))
        .all()
        .flatMap((row) => (row.provider === "credentials" ? [] : [{ provider: row.provider, linkedAt: row.linkedAt }])),
    unlinkOAuth: async ({ userId, provider }) =>
      transaction((tx) => {
        const rows = tx
          .select({ provider: accounts.provider, passwordHash: accounts.passwordHash })
          .from(accounts)
          .where(eq(accounts.userId, userId))
          .all();
        if (!rows.some((row) => row.provider === provider)) return "none";
        const keys = tx.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId)).get()?.n ?? 0;
        if (otherWaysIn(rows, keys, provider) === 0) return "last";
        tx.delete(accounts)
          .where(oauthAccountOf(accounts, userId, provider))
          .run();
        return "unlinked";
      }),
  };
}
