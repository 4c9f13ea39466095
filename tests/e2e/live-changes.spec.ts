import type { Page } from "@playwright/test";

import { test as base, callMutation, expect, signInViaApi } from "./fixtures";
import { newPerson, unique } from "./support";

/**
 * Two people, each in their own browser context: the author (`page`, the
 * `user` fixture, with `api` for their token) changes what they wrote, and
 * `readerPage`, another new account, watches it change without a reload.
 * Deletions go through the API (the author's own token): the buttons and
 * their dialogs have their own specs, and the events are the same.
 */
const test = base.extend<{ readerPage: Page }>({
  readerPage: async ({ browser, app }, use) => {
    const context = await browser.newContext({ baseURL: app.baseURL });
    const page = await context.newPage();
    const reader = newPerson("Reader");
    await callMutation(page.request, "account.signUp", reader);
    await signInViaApi(page.request, reader);
    await use(page);
    await context.close();
  },
});

const liveIndicator = (page: Page) => page.getByRole("status").filter({ hasText: "Live" });

/**
 * Opens `path` and waits for its live updates to connect, then marks the window with what only a full
 * page load would wipe, so a test can prove a change arrived without a reload.
 */
async function openLive(page: Page, path: string) {
  await page.goto(path);
  await expect(liveIndicator(page)).toBeVisible();
  await page.evaluate(() => Object.assign(window, { trellisLiveMark: true }));
}

const windowMarked = (page: Page) => page.evaluate(() => "trellisLiveMark" in window);

const feedOf = (page: Page) => page.getByRole("region", { name: "Latest posts" });

test("a deleted post leaves another reader's feed, and the posts waiting behind “new posts”", async ({
  api,
  readerPage,
}) => {
  const title = unique("Soon deleted");
  const post = await api.post.create.mutate({ title, body: "Here for a moment." });
  await openLive(readerPage, "/");
  const feed = feedOf(readerPage);
  await expect(feed.getByRole("heading", { name: title })).toBeVisible();

  await api.post.delete.mutate({ id: post.id });
  await expect(feed.getByRole("heading", { name: title })).toHaveCount(0);

  // Written and deleted while the reader had not shown it yet: the button goes with it.
  const fleeting = unique("Never shown");
  const unseen = await api.post.create.mutate({ title: fleeting, body: "…" });
  const newPosts = feed.getByRole("button", { name: "1 new post" });
  await expect(newPosts).toBeVisible();
  await api.post.delete.mutate({ id: unseen.id });
  await expect(newPosts).toHaveCount(0);
  await expect(feed.getByRole("heading", { name: fleeting })).toHaveCount(0);
  expect(await windowMarked(readerPage)).toBe(true);
});

test("a reader on a post's page is told it was deleted", async ({ api, readerPage }) => {
  const post = await api.post.create.mutate({ title: unique("Read while deleted"), body: "Being read." });
  await api.comment.create.mutate({ postId: post.id, body: "A comment that goes with it" });
  await openLive(readerPage, `/posts/${post.id}`);
  await expect(readerPage.getByRole("region", { name: "Comments" }).getByRole("listitem")).toHaveCount(1);

  await api.post.delete.mutate({ id: post.id });
  await expect(readerPage.getByRole("heading", { level: 1, name: "This post was deleted" })).toBeVisible();
  await expect(readerPage.getByRole("region", { name: "Comments" })).toHaveCount(0);
  await readerPage.getByRole("link", { name: "Back to feed" }).last().click();
  await expect(readerPage).toHaveURL(/\/$/);
  await expect(feedOf(readerPage).getByRole("heading", { name: post.title })).toHaveCount(0);
  expect(await windowMarked(readerPage)).toBe(true);
});

test("a deleted comment leaves another reader's thread, and the counts on the post and its card drop", async ({
  api,
  readerPage,
}) => {
  const title = unique("Commented then cleaned");
  const post = await api.post.create.mutate({ title, body: "…" });
  const kept = await api.comment.create.mutate({ postId: post.id, body: unique("Kept comment") });
  const deleted = await api.comment.create.mutate({ postId: post.id, body: unique("Deleted comment") });

  await openLive(readerPage, `/posts/${post.id}`);
  const article = readerPage.getByRole("article").first();
  const thread = readerPage.getByRole("region", { name: "Comments" }).getByRole("listitem");
  await expect(thread).toHaveCount(2);
  await expect(article.getByText("2 comments", { exact: true })).toBeVisible();

  // The same reader's feed, in a second tab of their browser.
  const feedPage = await readerPage.context().newPage();
  await openLive(feedPage, "/");
  const card = feedOf(feedPage).getByRole("listitem").filter({ hasText: title });
  await expect(card.getByRole("link", { name: "2 comments" })).toBeVisible();

  await api.comment.delete.mutate({ id: deleted.id });
  await expect(thread.filter({ hasText: deleted.body })).toHaveCount(0);
  await expect(thread.filter({ hasText: kept.body })).toBeVisible();
  await expect(article.getByText("1 comment", { exact: true })).toBeVisible();
  await expect(card.getByRole("link", { name: "1 comment" })).toBeVisible();
});

test("an edited post shows its new title and body to another reader, on the feed and on its page", async ({
  page,
  api,
  readerPage,
}) => {
  const title = unique("Before the edit");
  const post = await api.post.create.mutate({ title, body: "The first draft." });
  await openLive(readerPage, "/");
  const card = feedOf(readerPage).getByRole("listitem").filter({ hasText: title });
  await expect(card).toBeVisible();
  const postPage = await readerPage.context().newPage();
  await openLive(postPage, `/posts/${post.id}`);

  // The author edits in their own browser, through the form.
  await page.goto(`/posts/${post.id}`);
  await page.getByRole("button", { name: "Edit post" }).click();
  const edited = unique("After the edit");
  const form = page.getByRole("form", { name: "Edit post" });
  await form.getByLabel("Title").fill(edited);
  await form.getByLabel("Body").fill("The second draft.");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: edited })).toBeVisible();

  const editedCard = feedOf(readerPage).getByRole("listitem").filter({ hasText: edited });
  await expect(editedCard.getByRole("heading", { name: edited })).toBeVisible();
  await expect(editedCard).toContainText("The second draft.");
  await expect(feedOf(readerPage).getByRole("heading", { name: title })).toHaveCount(0);
  await expect(postPage.getByRole("heading", { level: 1, name: edited })).toBeVisible();
  await expect(postPage.getByRole("article").first()).toContainText("The second draft.");
  expect(await windowMarked(readerPage)).toBe(true);
});
