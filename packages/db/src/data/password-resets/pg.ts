import { sql } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import { passwordResets } from "../../schema/pg";
import { setPasswordIn } from "../accounts/pg";
import { first } from "../rows";
import type { DataLayer } from "../types";
import { spendableReset } from "./shared";

/** Password reset tokens on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgPasswordResets(db: PgDb): DataLayer["passwordResets"] {
  return {
    create: async (input) => {
      await db.insert(passwordResets).values(input);
    },
    redeem: async ({ tokenHash, passwordHash, now }) =>
      db.transaction(async (tx) => {
        // Spending the token is the UPDATE's WHERE: two redemptions cannot both match.
        const spent = first(
          await tx
            .update(passwordResets)
            .set({ usedAt: now })
            .where(spendableReset(passwordResets, tokenHash, now))
            .returning({ userId: passwordResets.userId }),
        );
        return spent ? setPasswordIn(tx, spent.userId, passwordHash) : undefined;
      }),
    isSpendable: async ({ tokenHash, now }) =>
      first(
        await db
          .select({ one: sql`1` })
          .from(passwordResets)
          .where(spendableReset(passwordResets, tokenHash, now))
          .limit(1),
      ) !== undefined,
  };
}
