import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";

import { createDatabase, type PostView } from "@trellis/db";
import { appJobs, openJobQueue, POSTS_CSV_HEADER, parseCsv } from "@trellis/jobs";
import type { AppServer } from "./app-server";
import { expect, test } from "./fixtures";

/**
 * Background jobs from the admin's side: the admin page's counts and failed
 * list, retry and discard, and the CSV export. The spec opens the app's own
 * database and job queue (the table, or BullMQ when REDIS_URL is set) to
 * enqueue jobs and to check the export against every post.
 */

async function openAppQueue(app: AppServer) {
  const database = createDatabase(app.shared.databaseUrl);
  const queue = await openJobQueue(appJobs, {
    data: database.data,
    redisUrl: process.env.REDIS_URL,
    queueName: app.shared.jobsQueue,
  });
  return {
    data: database.data,
    queue,
    close: async () => {
      await queue.close();
      await database.close();
    },
  };
}

/** Every post in the database, through the feed query, page by page. */
async function allPosts(app: AppServer): Promise<PostView[]> {
  const database = createDatabase(app.shared.databaseUrl);
  const posts: PostView[] = [];
  try {
    let cursor: { createdAt: Date; id: string } | null = null;
    do {
      const page = await database.data.posts.list({ viewerId: null, limit: 100, cursor });
      posts.push(...page.items);
      const last = page.items.at(-1);
      cursor = page.nextCursor && last ? { createdAt: last.createdAt, id: last.id } : null;
    } while (cursor);
  } finally {
    await database.close();
  }
  return posts;
}

/**
 * Makes the dev mailbox unwritable — a file where its folder should be — as
 * a mail server that is down would: every email fails until `restore`.
 */
function breakMailbox(app: AppServer) {
  rmSync(app.mailbox, { recursive: true, force: true });
  writeFileSync(app.mailbox, "not a folder");
  // Only the file: once restored, the app makes the folder again and writes into it.
  return { restore: () => statSync(app.mailbox, { throwIfNoEntry: false })?.isFile() && rmSync(app.mailbox) };
}

test("a failed job shows with its error; retrying sends it, discarding removes it", async ({
  adminPage: page,
  app,
  user,
  mailbox,
}) => {
  // Signing up queued a welcome email: let it arrive before the mailbox breaks.
  await mailbox.latestTo(user.email, "Welcome to Trellis");
  const { queue, close } = await openAppQueue(app);
  const outage = breakMailbox(app);
  try {
    // Two reset emails, as two requests for one would queue; one attempt each, so they fail at once
    // rather than after their backoffs. The account never asked for one: whatever arrives is theirs.
    const reset = { email: user.email };
    const first = await queue.enqueue("email.password-reset", reset, { attempts: 1 });
    const second = await queue.enqueue("email.password-reset", reset, { attempts: 1 });
    await expect
      .poll(async () => (await queue.failed(50)).map((job) => job.id).sort(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([first.id, second.id]));

    await page.goto("/admin");
    const jobs = page.getByRole("region", { name: "Background jobs" });
    const failedStat = jobs
      .locator("dl > div")
      .filter({ has: page.locator("dt", { hasText: /^Failed$/ }) })
      .locator("dd");
    await expect(failedStat).toHaveText(/^\d+$/); // loaded
    const failedCount = Number(await failedStat.textContent());
    expect(failedCount).toBeGreaterThanOrEqual(2);
    // A row by its job's exact id (BullMQ's ids are small numbers: "2" is also in "12").
    const retryButton = (id: string) =>
      page.getByRole("button", { name: `Retry email.password-reset ${id}`, exact: true });
    const discardButton = (id: string) =>
      page.getByRole("button", { name: `Discard email.password-reset ${id}`, exact: true });
    const rowOf = (id: string) =>
      jobs
        .getByRole("list", { name: "Failed jobs" })
        .getByRole("listitem")
        .filter({ has: retryButton(id) });
    const firstRow = rowOf(first.id);
    await expect(firstRow).toContainText("email.password-reset");
    await expect(firstRow).toContainText("EEXIST"); // the error, as the worker caught it

    // The mail server is back: a retry sends the email.
    outage.restore();
    await retryButton(first.id).click();
    await expect(firstRow).toHaveCount(0);
    const sent = await mailbox.latestTo(user.email, "Reset your Trellis password");
    expect(sent.text).toContain("/reset-password?token=");

    // Discarded, the other one is gone for good, and never sent.
    const secondRow = rowOf(second.id);
    await discardButton(second.id).click();
    await expect(secondRow).toHaveCount(0);
    expect((await queue.failed(50)).map((job) => job.id)).not.toContain(second.id);
    await expect(failedStat).toHaveText(String(failedCount - 2));
  } finally {
    outage.restore();
    await close();
  }
});

test("an admin exports the posts as CSV: the file holds exactly the posts in the database", async ({
  adminPage: page,
  page: userPage,
  api,
  app,
}) => {
  const risky = await api.post.create.mutate({ title: "=1+1 looks like a formula", body: 'a, b\nand a quote: "' });

  await page.goto("/admin");
  const exporter = page.getByRole("region", { name: "Export posts" });
  await exporter.getByRole("button", { name: "Export posts as CSV" }).click();
  const link = exporter.getByRole("link", { name: /Download the CSV/ });
  await expect(link).toBeVisible({ timeout: 15_000 });

  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^posts-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = readFileSync(await download.path());
  // The UTF-8 byte-order mark first, so Excel reads the file as UTF-8; the parser skips it.
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(file.toString("utf8"));
  expect(header).toEqual([...POSTS_CSV_HEADER]);

  const posts = await allPosts(app);
  expect(rows.map((row) => row[0]).sort()).toEqual(posts.map((post) => post.id).sort());
  const riskyRow = rows.find((row) => row[0] === risky.id);
  expect(riskyRow?.slice(1, 3)).toEqual(["'=1+1 looks like a formula", 'a, b\nand a quote: "']);
  await expect(exporter.getByRole("link", { name: /Download the CSV/ })).toContainText(`(${posts.length} posts)`);

  // The file answers admins only, as a download that no cache keeps.
  const href = (await link.getAttribute("href")) ?? "";
  const response = await page.request.get(href);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="posts-[\d-]+\.csv"$/);
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(await response.text()).toBe(readFileSync(await download.path(), "utf8"));
  // `userPage` is signed in as an ordinary user: refused, like every admin procedure.
  expect((await userPage.request.get(href)).status()).toBe(403);
  expect((await page.request.get("/api/admin/exports/0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a")).status()).toBe(404);
});
