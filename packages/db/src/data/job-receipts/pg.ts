import { eq } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import { jobReceipts } from "../../schema/pg";
import { changed } from "../rows";
import type { DataLayer } from "../types";

/** Job receipts (an effect done once per key) on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgJobReceipts(db: PgDb): DataLayer["jobReceipts"] {
  return {
    has: async (key) =>
      changed(await db.select({ key: jobReceipts.key }).from(jobReceipts).where(eq(jobReceipts.key, key))),
    add: async (key) => {
      await db.insert(jobReceipts).values({ key }).onConflictDoNothing();
    },
  };
}
