import { lte } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import { webauthnChallenges } from "../../schema/pg";
import { changed } from "../rows";
import type { DataLayer } from "../types";
import { spendableChallenge } from "./shared";

/** WebAuthn challenges on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgWebauthnChallenges(db: PgDb): DataLayer["webauthnChallenges"] {
  return {
    create: async ({ now, ...challenge }) => {
      // Ceremonies begun and never finished leave rows: each new one sweeps the expired away.
      await db.delete(webauthnChallenges).where(lte(webauthnChallenges.expiresAt, now));
      await db.insert(webauthnChallenges).values(challenge);
    },
    spend: async (input) =>
      changed(
        await db
          .delete(webauthnChallenges)
          .where(spendableChallenge(webauthnChallenges, input))
          .returning({ challenge: webauthnChallenges.challenge }),
      ),
  };
}
