import type { Cursor } from "@trellis/validators";
import { idSchema } from "@trellis/validators";
import { z } from "zod";

import { type CsvValue, toCsv } from "../csv";
import { defineJob, PermanentJobError } from "../define";
import { describeError } from "../run-job";
import type { AppServices } from "./services";

export const POSTS_CSV_HEADER = [
  "id",
  "title",
  "body",
  "author_id",
  "author_name",
  "created_at",
  "updated_at",
  "like_count",
  "comment_count",
] as const;

const PAGE_SIZE = 500;

/**
 * Builds an admin's CSV of every post, page by page through the feed's own
 * query, and stores it on the export row for the admin to download. If the
 * last attempt fails, the export says so (and why) instead of staying pending.
 */
export const postsExport = defineJob({
  name: "export.posts-csv",
  payload: z.object({ exportId: idSchema }),
  attempts: 3,
  run: async ({ exportId }, { data }: AppServices, job) => {
    try {
      const pending = await data.postExports.byId(exportId);
      // Its admin was deleted since (the export went with them): nobody is waiting for it.
      if (!pending) return;
      const rows: CsvValue[][] = [[...POSTS_CSV_HEADER]];
      let cursor: Cursor | null = null;
      do {
        const page = await data.posts.list({ viewerId: null, limit: PAGE_SIZE, cursor });
        for (const post of page.items) {
          rows.push([
            post.id,
            post.title,
            post.body,
            post.author.id,
            post.author.name,
            post.createdAt,
            post.updatedAt,
            post.likeCount,
            post.commentCount,
          ]);
        }
        const last = page.items.at(-1);
        cursor = page.nextCursor && last ? { createdAt: last.createdAt, id: last.id } : null;
      } while (cursor);
      await data.postExports.complete({ id: exportId, csv: toCsv(rows), rowCount: rows.length - 1, now: new Date() });
    } catch (error) {
      if (error instanceof PermanentJobError || job.attempt >= job.maxAttempts) {
        await data.postExports.fail({ id: exportId, error: describeError(error), now: new Date() });
      }
      throw error;
    }
  },
});

/** The download's file name, e.g. posts-2030-01-31.csv. */
export function exportFileName(createdAt: Date): string {
  return `posts-${createdAt.toISOString().slice(0, 10)}.csv`;
}
