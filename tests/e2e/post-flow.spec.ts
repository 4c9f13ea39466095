import type { Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import { unique as uniqueTitle } from "./support";

async function writePost(page: Page, title: string, body: string) {
  const compose = page.getByRole("region", { name: "Write a post" });
  await compose.getByLabel("Title").fill(title);
  await compose.getByLabel("Body").fill(body);
  await compose.getByRole("button", { name: "Post" }).click();
  await expect(compose.getByRole("status")).toHaveText("Posted. It’s at the top of the feed.");
}

test("write a post, see it first, open it, comment, like and unlike", async ({ page, user }) => {
  const title = uniqueTitle("Hello from Playwright");
  await page.goto("/");
  await writePost(page, title, "Written by a real browser against a production build.");

  const firstPost = page.getByRole("region", { name: "Latest posts" }).getByRole("listitem").first();
  await expect(firstPost.getByRole("heading", { name: title })).toBeVisible();
  await expect(firstPost).toContainText(user.name);

  // It survives a reload: it came from the database, not only the cache.
  await page.reload();
  await expect(firstPost.getByRole("heading", { name: title })).toBeVisible();

  await firstPost.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(/\/posts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("No comments yet. Start the conversation.")).toBeVisible();

  await page.getByRole("textbox", { name: "Comment" }).fill("First comment, from the e2e suite.");
  await page.getByRole("button", { name: "Add comment" }).click();
  const comments = page.getByRole("region", { name: "Comments" }).getByRole("listitem");
  await expect(comments).toHaveCount(1);
  await expect(comments.first()).toContainText("First comment, from the e2e suite.");
  await expect(page.getByRole("article").getByText("1 comment", { exact: true })).toBeVisible();

  // A toggle: its name is "Like, N likes" whatever the state; aria-pressed says whether the viewer likes it.
  const like = page.getByRole("article").getByRole("button", { name: /^Like,/ });
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await expect(like).toHaveAccessibleName("Like, 0 likes");
  // The heart flips at once (optimistic); the reload must wait for the server's answer.
  const answer = (procedure: "like.add" | "like.remove") =>
    page.waitForResponse((response) => response.url().includes(procedure));
  let answered = answer("like.add");
  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(like).toHaveAccessibleName("Like, 1 like");
  expect((await answered).ok()).toBe(true);

  // The server kept it: a fresh page load shows the like.
  await page.reload();
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(like).toContainText("1");
  answered = answer("like.remove");
  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await expect(like).toContainText("0");
  expect((await answered).ok()).toBe(true);
  await page.reload();
  await expect(like).toContainText("0");
});

test("the compose form checks input with the shared schema before sending", async ({ page, user }) => {
  expect(user.email).toBeTruthy();
  const creates: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("post.create")) creates.push(request.url());
  });
  await page.goto("/");
  const compose = page.getByRole("region", { name: "Write a post" });
  await compose.getByLabel("Body").fill("A body without a title");
  await compose.getByRole("button", { name: "Post" }).click();

  await expect(compose.getByText("Title is required")).toBeVisible();
  await expect(compose.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  expect(creates).toEqual([]);
});

test("a like the server refuses rolls back and says so", async ({ page, user }) => {
  expect(user.email).toBeTruthy();
  const title = uniqueTitle("Unlikeable");
  await page.goto("/");
  await writePost(page, title, "The server will refuse likes on this one.");
  const card = page.getByRole("region", { name: "Latest posts" }).getByRole("listitem").first();
  await expect(card.getByRole("heading", { name: title })).toBeVisible();

  // Hold the request until the optimistic state has been seen, then fail it.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/api/trpc/like.add**", async (route) => {
    await held;
    await route.fulfill({ status: 500, contentType: "application/json", body: "{}" });
  });

  const like = card.getByRole("button", { name: /^Like,/ });
  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(like).toContainText("1");
  release();

  await expect(card.getByRole("alert")).toHaveText("Couldn’t save your like. Try again.");
  await expect(like).toHaveAccessibleDescription("Couldn’t save your like. Try again.");
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await expect(like).toContainText("0");
});
