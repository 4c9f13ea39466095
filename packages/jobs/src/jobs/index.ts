import type { DataLayer } from "@trellis/db";
import type { Cursor } from "@trellis/validators";

import type { JobQueue } from "../queue";
import { passwordResetEmail } from "./password-reset-email";
import { postsExport } from "./posts-export";
import { weeklyDigest } from "./weekly-digest";
import { welcomeEmail } from "./welcome-email";

/**
 * Every job the app has. To add one: a file beside these with its
 * `defineJob`, and its name in this list (docs/jobs.md).
 */
export const appJobs = [passwordResetEmail, welcomeEmail, weeklyDigest, postsExport];

export type AppJob = (typeof appJobs)[number];
export type AppJobName = AppJob["name"];
/** The app's queue, as procedures see it (`ctx.jobs`). */
export type AppJobQueue = JobQueue<AppJob>;

const DAY_MS = 24 * 3_600_000;

/** Monday 00:00 UTC of `now`'s week, as 2030-01-28: one digest per user per week. */
export function weekOf(now: Date): string {
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

/**
 * A weekly digest job for every user, covering the seven days before `now`.
 * Keyed by user and week: running it twice in a week (the admin's button, then
 * cron) sends nobody two digests. Returns how many users it covered.
 */
export async function enqueueWeeklyDigests(queue: AppJobQueue, data: DataLayer, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - 7 * DAY_MS).toISOString();
  const week = weekOf(now);
  let users = 0;
  let cursor: Cursor | null = null;
  do {
    const page = await data.users.list({ limit: 100, cursor });
    for (const user of page.items) {
      await queue.enqueue(
        "report.weekly-digest",
        { userId: user.id, since },
        { idempotencyKey: `digest:${week}:${user.id}` },
      );
      users += 1;
    }
    const last = page.items.at(-1);
    cursor = page.nextCursor && last ? { createdAt: last.createdAt, id: last.id } : null;
  } while (cursor);
  return users;
}

export { exportFileName, POSTS_CSV_HEADER } from "./posts-export";
export type { AppServices } from "./services";
export { renderDigest } from "./weekly-digest";
export { passwordResetEmail, postsExport, weeklyDigest, welcomeEmail };
