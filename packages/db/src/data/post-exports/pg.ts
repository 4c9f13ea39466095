import { and, eq } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import * as t from "../../schema/pg";
import { insertJobsIn } from "../jobs/pg";
import { first, inserted } from "../rows";
import type { DataLayer } from "../types";
import { exportFields } from "./shared";

const { postExports } = t;

/** CSV exports of posts on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgPostExports(db: PgDb): DataLayer["postExports"] {
  return {
    create: async ({ requestedBy, jobs }) =>
      db.transaction(async (tx) => {
        const created = inserted(await tx.insert(postExports).values({ requestedBy }).returning(exportFields(t)));
        await insertJobsIn(tx, jobs?.(created) ?? []);
        return created;
      }),
    byId: async (id) => first(await db.select(exportFields(t)).from(postExports).where(eq(postExports.id, id))),
    file: async (id) => {
      const row = first(
        await db
          .select({ csv: postExports.csv, createdAt: postExports.createdAt })
          .from(postExports)
          .where(and(eq(postExports.id, id), eq(postExports.status, "ready"))),
      );
      return row?.csv == null ? undefined : { csv: row.csv, createdAt: row.createdAt };
    },
    complete: async ({ id, csv, rowCount, now }) => {
      await db
        .update(postExports)
        .set({ status: "ready", csv, rowCount, error: null, completedAt: now })
        .where(eq(postExports.id, id));
    },
    fail: async ({ id, error, now }) => {
      await db.update(postExports).set({ status: "failed", error, completedAt: now }).where(eq(postExports.id, id));
    },
  };
}
