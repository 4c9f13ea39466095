import { sql } from "drizzle-orm";

import { passwordResets } from "../../schema/sqlite";
import type { SqliteDb, WriteTransaction } from "../../sqlite/transaction";
import { setPasswordIn } from "../accounts/sqlite";
import type { DataLayer } from "../types";
import { spendableReset } from "./shared";

/** Password reset tokens on SQLite; the Postgres twin is ./pg.ts. */
export function sqlitePasswordResets(db: SqliteDb, transaction: WriteTransaction): DataLayer["passwordResets"] {
  return {
    create: async (input) => {
      db.insert(passwordResets).values(input).run();
    },
    redeem: async ({ tokenHash, passwordHash, now }) =>
      transaction((tx) => {
        // Spending the token is the UPDATE's WHERE: two redemptions cannot both match.
        const spent = tx
          .update(passwordResets)
          .set({ usedAt: now })
          .where(spendableReset(passwordResets, tokenHash, now))
          .returning({ userId: passwordResets.userId })
          .get();
        return spent ? setPasswordIn(tx, spent.userId, passwordHash) : undefined;
      }),
    isSpendable: async ({ tokenHash, now }) =>
      db
        .select({ one: sql`1` })
        .from(passwordResets)
        .where(spendableReset(passwordResets, tokenHash, now))
        .get() !== undefined,
  };
}
