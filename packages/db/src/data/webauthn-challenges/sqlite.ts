import { lte } from "drizzle-orm";

import { webauthnChallenges } from "../../schema/sqlite";
import type { SqliteDb } from "../../sqlite/transaction";
import { changed } from "../rows";
import type { DataLayer } from "../types";
import { spendableChallenge } from "./shared";

/** WebAuthn challenges on SQLite; the Postgres twin is ./pg.ts. */
export function sqliteWebauthnChallenges(db: SqliteDb): DataLayer["webauthnChallenges"] {
  return {
    create: async ({ now, ...challenge }) => {
      // Ceremonies begun and never finished leave rows: each new one sweeps the expired away.
      db.delete(webauthnChallenges).where(lte(webauthnChallenges.expiresAt, now)).run();
      db.insert(webauthnChallenges).values(challenge).run();
    },
    spend: async (input) =>
      changed(
        db
          .delete(webauthnChallenges)
          .where(spendableChallenge(webauthnChallenges, input))
          .returning({ challenge: webauthnChallenges.challenge })
          .all(),
      ),
  };
}
