import type * as pg from "../../schema/pg";
import type * as sqlite from "../../schema/sqlite";
import type { AnyTables } from "../fragments";

// Post exports: the pieces both dialects share. The builder chains that use
// them, one file per dialect, are ./sqlite.ts and ./pg.ts.

/** An export's columns without the file, which only the download reads. */
export function exportFields(t: typeof sqlite): ExportFields<typeof sqlite>;
export function exportFields(t: typeof pg): ExportFields<typeof pg>;
export function exportFields({ postExports }: AnyTables) {
  const { id, requestedBy, status, rowCount, error, createdAt, completedAt } = postExports;
  return { id, requestedBy, status, rowCount, error, createdAt, completedAt };
}

type ExportFields<T extends AnyTables> = {
  id: T["postExports"]["id"];
  requestedBy: T["postExports"]["requestedBy"];
  status: T["postExports"]["status"];
  rowCount: T["postExports"]["rowCount"];
  error: T["postExports"]["error"];
  createdAt: T["postExports"]["createdAt"];
  completedAt: T["postExports"]["completedAt"];
};
