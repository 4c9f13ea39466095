import { and, eq } from "drizzle-orm";

import type { PgDb, PgTx } from "../../pg/db";
import { accounts, users } from "../../schema/pg";
import { isUniqueViolation, unlessRefused } from "../errors";
import { insertJobsIn } from "../jobs/pg";
import { first, inserted } from "../rows";
import type { DataLayer, User } from "../types";
import { nextSessionVersion } from "../users/shared";
import { passwordAccountOf } from "./shared";

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
    linkOAuth: async ({ provider, providerAccountId, email, name }) =>
      db.transaction(async (tx): Promise<User> => {
        const linked = first(
          await tx
            .select({ user: users })
            .from(accounts)
            .innerJoin(users, eq(users.id, accounts.userId))
            .where(and(eq(accounts.provider, provider), eq(accounts.providerAccountId, providerAccountId))),
        );
        if (linked) return linked.user;
        const user =
          first(await tx.select().from(users).where(eq(users.email, email))) ??
          inserted(await tx.insert(users).values({ email, name }).returning());
        await tx.insert(accounts).values({ userId: user.id, provider, providerAccountId });
        return user;
      }),
  };
}
