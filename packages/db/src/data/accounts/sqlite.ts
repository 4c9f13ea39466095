import { and, eq } from "drizzle-orm";

import { accounts, users } from "../../schema/sqlite";
import type { SqliteDb, SqliteTx, WriteTransaction } from "../../sqlite/transaction";
import { isUniqueViolation, unlessRefused } from "../errors";
import { insertJobsIn } from "../jobs/sqlite";
import type { DataLayer, User } from "../types";
import { nextSessionVersion } from "../users/shared";
import { passwordAccountOf } from "./shared";

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
    linkOAuth: async ({ provider, providerAccountId, email, name }) =>
      transaction((tx): User => {
        const linked = tx
          .select({ user: users })
          .from(accounts)
          .innerJoin(users, eq(users.id, accounts.userId))
          .where(and(eq(accounts.provider, provider), eq(accounts.providerAccountId, providerAccountId)))
          .get();
        if (linked) return linked.user;
        const user =
          tx.select().from(users).where(eq(users.email, email)).get() ??
          tx.insert(users).values({ email, name }).returning().get();
        tx.insert(accounts).values({ userId: user.id, provider, providerAccountId }).run();
        return user;
      }),
  };
}
