import { and, eq } from "drizzle-orm";

import * as t from "../../schema/sqlite";
import type { SqliteDb, WriteTransaction } from "../../sqlite/transaction";
import { insertJobsIn } from "../jobs/sqlite";
import type { DataLayer } from "../types";
import { exportFields } from "./shared";

const { postExports } = t;

/** CSV exports of posts on SQLite; the Postgres twin is ./pg.ts. */
export function sqlitePostExports(db: SqliteDb, transaction: WriteTransaction): DataLayer["postExports"] {
  return {
    create: async ({ requestedBy, jobs }) =>
      transaction((tx) => {
        const created = tx.insert(postExports).values({ requestedBy }).returning(exportFields(t)).get();
        insertJobsIn(tx, jobs?.(created) ?? []);
        return created;
      }),
    byId: async (id) => db.select(exportFields(t)).from(postExports).where(eq(postExports.id, id)).get(),
    file: async (id) => {
      const row = db
        .select({ csv: postExports.csv, createdAt: postExports.createdAt })
        .from(postExports)
        .where(and(eq(postExports.id, id), eq(postExports.status, "ready")))
        .get();
      return row?.csv == null ? undefined : { csv: row.csv, createdAt: row.createdAt };
    },
    complete: async ({ id, csv, rowCount, now }) => {
      db.update(postExports)
        .set({ status: "ready", csv, rowCount, error: null, completedAt: now })
        .where(eq(postExports.id, id))
        .run();
    },
    fail: async ({ id, error, now }) => {
      db.update(postExports).set({ status: "failed", error, completedAt: now }).where(eq(postExports.id, id)).run();
    },
  };
}
