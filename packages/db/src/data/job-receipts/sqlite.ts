import { eq } from "drizzle-orm";

import { jobReceipts } from "../../schema/sqlite";
import type { SqliteDb } from "../../sqlite/transaction";
import type { DataLayer } from "../types";

/** Job receipts (an effect done once per key) on SQLite; the Postgres twin is ./pg.ts. */
export function sqliteJobReceipts(db: SqliteDb): DataLayer["jobReceipts"] {
  return {
    has: async (key) =>
      db.select({ key: jobReceipts.key }).from(jobReceipts).where(eq(jobReceipts.key, key)).get() !== undefined,
    add: async (key) => {
      db.insert(jobReceipts).values({ key }).onConflictDoNothing().run();
    },
  };
}
