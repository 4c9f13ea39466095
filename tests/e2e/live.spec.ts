import type { Page } from "@playwright/test";

import { callMutation, expect, test } from "./fixtures";
import { unique } from "./support";

/**
 * Two people on one app: `page` (the `user` fixture) reads, `adminPage` writes
 * in its own browser context. Live updates only reach a page whose
 * subscriptions are up, so each test waits for "Live" before the write.
 */

const liveIndicator = (page: Page) => page.getByRole("status").filter({ hasText: "Live" });

/** A mark on the window that only a full page load would wipe. */
async function markWindow(page: Page) {
  await page.evaluate(() => Object.assign(window, { trellisLiveMark: true }));
}

const windowMarked = (page: Page) => page.evaluate(() => "trellisLiveMark" in window);

test("a post written elsewhere waits behind “1 new post”, then shows at the top without a reload", async ({
  page,
  user,
  adminPage,
}) => {
  expect(user.email).toBeTruthy();
  await page.goto("/");
  const feed = page.getByRole("region", { name: "Latest posts" });
  await expect(liveIndicator(page)).toBeVisible();
  await markWindow(page);

  await adminPage.goto("/");
  await expect(liveIndicator(adminPage)).toBeVisible();
  const title = unique("Live from elsewhere");
  const compose = adminPage.getByRole("region", { name: "Write a post" });
  await compose.getByLabel("Title").fill(title);
  await compose.getByLabel("Body").fill("Written in another browser.");
  await compose.getByRole("button", { name: "Post" }).click();
  await expect(compose.getByRole("status")).toHaveText("Posted. It’s at the top of the feed.");

  // The reader is told, but the list does not move under their eyes.
  const newPosts = feed.getByRole("button", { name: "1 new post" });
  await expect(newPosts).toBeVisible();
  await expect(feed.getByRole("heading", { name: title })).toHaveCount(0);
  // The writer's own post is already in their feed, so it is not news to them.
  const writersFeed = adminPage.getByRole("region", { name: "Latest posts" });
  await expect(writersFeed.getByRole("listitem").first().getByRole("heading", { name: title })).toBeVisible();
  await expect(writersFeed.getByRole("button", { name: /new posts?$/ })).toHaveCount(0);

  await newPosts.click();
  await expect(feed.getByRole("listitem").first().getByRole("heading", { name: title })).toBeVisible();
  await expect(newPosts).toHaveCount(0);
  expect(await windowMarked(page)).toBe(true);
});

test("several posts are counted, and a post written through the API is news too", async ({ page, api }) => {
  await page.goto("/");
  const feed = page.getByRole("region", { name: "Latest posts" });
  await expect(liveIndicator(page)).toBeVisible();
  await markWindow(page);

  // From the viewer's own token, as from another tab or a script: not written in this tab, so it is news.
  const [first, second] = [unique("First of two"), unique("Second of two")];
  await api.post.create.mutate({ title: first, body: "…" });
  await api.post.create.mutate({ title: second, body: "…" });
  await feed.getByRole("button", { name: "2 new posts" }).click();

  const items = feed.getByRole("listitem");
  await expect(items.nth(0).getByRole("heading", { name: second })).toBeVisible();
  await expect(items.nth(1).getByRole("heading", { name: first })).toBeVisible();
  expect(await windowMarked(page)).toBe(true);
});

test("on a post page, another person's comment and like appear live", async ({ page, api, adminPage }) => {
  const post = await api.post.create.mutate({ title: unique("Watched live"), body: "Someone is reading this." });
  await page.goto(`/posts/${post.id}`);
  await expect(liveIndicator(page)).toBeVisible();
  await markWindow(page);
  const article = page.getByRole("article");
  const like = article.getByRole("button", { name: /^Like,/ });
  await expect(like).toContainText("0");

  await adminPage.goto(`/posts/${post.id}`);
  await expect(liveIndicator(adminPage)).toBeVisible();
  const body = unique("A live comment");
  await adminPage.getByRole("textbox", { name: "Comment" }).fill(body);
  await adminPage.getByRole("button", { name: "Add comment" }).click();

  const comments = page.getByRole("region", { name: "Comments" }).getByRole("listitem");
  await expect(comments.filter({ hasText: body })).toBeVisible();
  await expect(article.getByText("1 comment", { exact: true })).toBeVisible();
  // The writer gets it from both their form and the live event: once, and counted once.
  const writersComments = adminPage.getByRole("region", { name: "Comments" }).getByRole("listitem");
  await expect(writersComments.filter({ hasText: body })).toBeVisible();
  await expect(writersComments).toHaveCount(1);
  await expect(adminPage.getByRole("article").getByText("1 comment", { exact: true })).toBeVisible();

  await adminPage
    .getByRole("article")
    .getByRole("button", { name: /^Like,/ })
    .click();
  // The count is everyone's; whether the reader likes it is still theirs.
  await expect(like).toContainText("1");
  await expect(like).toHaveAttribute("aria-pressed", "false");
  expect(await windowMarked(page)).toBe(true);
});

test("the feed counts likes live too", async ({ page, api, adminPage }) => {
  const title = unique("Liked while watched");
  const post = await api.post.create.mutate({ title, body: "…" });
  await page.goto("/");
  await expect(liveIndicator(page)).toBeVisible();
  const card = page.getByRole("region", { name: "Latest posts" }).getByRole("listitem").filter({ hasText: title });
  await expect(card.getByRole("button", { name: /^Like,/ })).toContainText("0");

  await callMutation(adminPage.request, "like.add", { postId: post.id });
  await expect(card.getByRole("button", { name: /^Like,/ })).toContainText("1");
});

test("the indicator says so while a subscription is refused, and is live again once it is not", async ({ page }) => {
  // EventSource gives up on an error status (it only retries dropped connections): the page must ask again itself.
  await page.route("**/api/trpc/post.onChanged**", (route) => route.fulfill({ status: 503, body: "" }));
  await page.goto("/");
  const status = page.getByRole("region", { name: "Latest posts" }).getByRole("status");
  await expect(status).toHaveText("Reconnecting…");

  await page.unroute("**/api/trpc/post.onChanged**");
  await expect(status).toHaveText("Live");
});
