import type { Locator, Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import { unique } from "./support";

/** The feed card of the post titled `title`. */
const feedCard = (page: Page, title: string) =>
  page
    .getByRole("region", { name: "Latest posts" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: title }) });

/** The post on its own page (comments are articles too, after it). */
const postArticle = (page: Page) => page.getByRole("article").first();

const box = async (locator: Locator) => {
  const found = await locator.boundingBox();
  if (!found) throw new Error("no box: the element is not visible");
  return found;
};

/** Whether every element is on one line: their vertical middles lie inside the first one's box. */
async function expectOneLine(locators: Locator[]) {
  const boxes = await Promise.all(locators.map(box));
  const [first] = boxes;
  if (!first) throw new Error("nothing to compare");
  for (const other of boxes) {
    const middle = other.y + other.height / 2;
    expect(middle).toBeGreaterThan(first.y);
    expect(middle).toBeLessThan(first.y + first.height);
  }
}

/** Fits its own box (nothing scrolls or is clipped sideways) and lies inside `container`'s box. */
async function expectFitsInside(element: Locator, container: Locator) {
  const widths = await element.evaluate((node) => ({ scroll: node.scrollWidth, client: node.clientWidth }));
  expect(widths.scroll, "scrollWidth <= clientWidth").toBeLessThanOrEqual(widths.client);
  const [inner, outer] = await Promise.all([box(element), box(container)]);
  expect(inner.x).toBeGreaterThanOrEqual(outer.x);
  expect(inner.x + inner.width).toBeLessThanOrEqual(outer.x + outer.width);
}

const viewports = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

test("Edit post puts focus in the title, Escape cancels back to the button, and a saved edit is marked edited", async ({
  page,
  api,
}) => {
  const title = unique("Edited later");
  const post = await api.post.create.mutate({ title, body: "First words." });
  await page.goto(`/posts/${post.id}`);
  const article = postArticle(page);
  const edited = article.locator("time", { hasText: /^edited$/ });
  await expect(article.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(edited).toHaveCount(0);

  const editButton = article.getByRole("button", { name: "Edit post" });
  await editButton.click();
  const form = page.getByRole("form", { name: "Edit post" });
  await expect(form.getByRole("textbox", { name: "Title" })).toBeFocused();
  await form.getByRole("textbox", { name: "Body" }).fill("Changed, then cancelled.");
  await page.keyboard.press("Escape");
  await expect(form).toHaveCount(0);
  await expect(editButton).toBeFocused();
  await expect(article).toContainText("First words.");

  await editButton.click();
  await form.getByRole("textbox", { name: "Title" }).fill(`${title} (fixed)`);
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(article.getByRole("heading", { level: 1, name: `${title} (fixed)` })).toBeVisible();
  await expect(editButton).toBeFocused();
  await expect(edited).toBeVisible();
  await expect(edited).toHaveAttribute("title", /^Edited [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} UTC$/);
  await expect(edited).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);

  // On the card too, and after a reload (from the database, not the cache); a post never edited has none.
  const other = unique("Never edited");
  await api.post.create.mutate({ title: other, body: "As written." });
  await page.goto("/");
  await expect(feedCard(page, `${title} (fixed)`).locator("time", { hasText: /^edited$/ })).toBeVisible();
  await expect(feedCard(page, other)).toBeVisible();
  await expect(feedCard(page, other).locator("time", { hasText: /^edited$/ })).toHaveCount(0);
});

test("after posting, focus is back in the emptied title; Ctrl+Enter in the body posts too", async ({ page, user }) => {
  expect(user.email).toBeTruthy();
  await page.goto("/");
  const compose = page.getByRole("region", { name: "Write a post" });
  const titleField = compose.getByRole("textbox", { name: "Title" });
  const bodyField = compose.getByRole("textbox", { name: "Body" });
  const posted = compose.getByRole("status");

  const clicked = unique("Posted by a click");
  await titleField.fill(clicked);
  await bodyField.fill("Sent with the button.");
  await compose.getByRole("button", { name: "Post" }).click();
  await expect(posted).toHaveText("Posted. It’s at the top of the feed.");
  await expect(titleField).toBeFocused();
  await expect(titleField).toHaveValue("");
  await expect(feedCard(page, clicked)).toBeVisible();

  const keyed = unique("Posted by Ctrl+Enter");
  await titleField.fill(keyed);
  await bodyField.fill("Sent from the keyboard.");
  await bodyField.press("Control+Enter");
  await expect(posted).toHaveText("Posted. It’s at the top of the feed.");
  await expect(feedCard(page, keyed)).toBeVisible();
  await expect(titleField).toBeFocused();
  await expect(bodyField).toHaveValue("");
  // Cmd+Enter, as a Mac sends it, does the same.
  const cmd = unique("Posted by Cmd+Enter");
  await titleField.fill(cmd);
  await bodyField.fill("Sent from a Mac keyboard.");
  await bodyField.press("Meta+Enter");
  await expect(feedCard(page, cmd)).toBeVisible();
});

test("a failed submit in the compose, edit or comment form puts focus on the first invalid field", async ({
  page,
  api,
}) => {
  // The compose form: nothing filled in, then a title without a body.
  await page.goto("/");
  const compose = page.getByRole("region", { name: "Write a post" });
  const postButton = compose.getByRole("button", { name: "Post" });
  await postButton.click();
  await expect(compose.getByRole("textbox", { name: "Title" })).toBeFocused();
  await expect(compose.getByRole("textbox", { name: "Title" })).toHaveAttribute("aria-invalid", "true");
  await compose.getByRole("textbox", { name: "Title" }).fill("A title and no body");
  await postButton.click();
  await expect(compose.getByRole("textbox", { name: "Body" })).toBeFocused();

  // The edit form, emptied.
  const post = await api.post.create.mutate({ title: unique("Half emptied"), body: "Some body." });
  await page.goto(`/posts/${post.id}`);
  await postArticle(page).getByRole("button", { name: "Edit post" }).click();
  const form = page.getByRole("form", { name: "Edit post" });
  await form.getByRole("textbox", { name: "Body" }).fill("");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("textbox", { name: "Body" })).toBeFocused();
  await expect(form.getByRole("textbox", { name: "Body" })).toHaveAttribute("aria-invalid", "true");
  await page.keyboard.press("Escape");

  // The comment form, empty.
  const comment = page.getByRole("form", { name: "Add a comment" });
  await comment.getByRole("button", { name: "Add comment" }).click();
  await expect(comment.getByRole("textbox", { name: "Comment" })).toBeFocused();
  await expect(comment.getByRole("textbox", { name: "Comment" })).toHaveAttribute("aria-invalid", "true");
});

test("Ctrl+Enter in the comment box adds the comment, and focus stays in the emptied box", async ({ page, api }) => {
  const post = await api.post.create.mutate({ title: unique("Commented by keyboard"), body: "…" });
  await page.goto(`/posts/${post.id}`);
  const box = page.getByRole("textbox", { name: "Comment" });
  await box.fill("Sent with Ctrl+Enter.");
  await box.press("Control+Enter");
  const comments = page.getByRole("region", { name: "Comments" }).getByRole("listitem");
  await expect(comments).toHaveCount(1);
  await expect(comments.first()).toContainText("Sent with Ctrl+Enter.");
  await expect(box).toHaveValue("");
  await expect(box).toBeFocused();
});

for (const viewport of viewports) {
  test(`a long unbroken word wraps inside its card and on the post page (${viewport.name}, ${viewport.width} px)`, async ({
    page,
    api,
  }) => {
    await page.setViewportSize(viewport);
    // Wider than a 1280 px card in the body, than a phone's in the title (which holds 120 characters at most).
    const longWord = `Unbroken${"x".repeat(180)}End`;
    const title = unique("Long word");
    const post = await api.post.create.mutate({
      title: `${title} ${"W".repeat(80)}`,
      body: `Starts ${longWord} and ends.`,
    });
    await page.goto("/");
    const card = feedCard(page, title).getByRole("article");
    await expect(card).toBeVisible();
    await expectFitsInside(card.getByRole("heading"), card);
    await expectFitsInside(card.getByText(/^Starts Unbroken/), card);

    await page.goto(`/posts/${post.id}`);
    const article = postArticle(page);
    await expectFitsInside(article.getByRole("heading", { level: 1 }), article);
    await expectFitsInside(article.getByText(/^Starts Unbroken/), article);
  });

  test(`a failed like's message keeps the action row on one line (${viewport.name}, ${viewport.width} px)`, async ({
    page,
    api,
  }) => {
    await page.setViewportSize(viewport);
    const title = unique("Like refused");
    const post = await api.post.create.mutate({ title, body: "The server refuses likes on this one." });
    await page.route("**/api/trpc/like.add**", (route) =>
      route.fulfill({ status: 500, contentType: "application/json", body: "{}" }),
    );
    const message = "Couldn’t save your like. Try again.";

    // The post page: the like, the comment count, Edit and Delete stay on one line; the message goes below.
    await page.goto(`/posts/${post.id}`);
    const article = postArticle(page);
    const like = article.getByRole("button", { name: /^Like,/ });
    const row = [
      like,
      article.getByText(/^0 comments$/),
      article.getByRole("button", { name: "Edit post" }),
      article.getByRole("button", { name: "Delete post" }),
    ];
    await expectOneLine(row);
    await like.click();
    const alert = article.getByRole("alert");
    await expect(alert).toHaveText(message);
    await expectOneLine(row);
    expect((await box(alert)).y).toBeGreaterThanOrEqual((await box(like)).y + (await box(like)).height);

    // The feed card: the like and the comments link stay on one line.
    await page.goto("/");
    // The feed's like answers once the page has hydrated and its live feed loaded (ADR 038): before
    // that a click does nothing, and no message would come.
    await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
    const card = feedCard(page, title);
    const cardLike = card.getByRole("button", { name: /^Like,/ });
    const cardRow = [cardLike, card.getByRole("link", { name: "0 comments" })];
    await cardLike.click();
    await expect(card.getByRole("alert")).toHaveText(message);
    await expectOneLine(cardRow);
    await expectFitsInside(card.getByRole("alert"), card);
  });
}

test("an http(s) address in a post or comment is a safe link; javascript: and data: stay text", async ({
  page,
  api,
}) => {
  const post = await api.post.create.mutate({
    title: unique("Links"),
    body: "Docs at https://example.com/docs?page=2. Not javascript:alert(1) nor data:text/html,<b>x</b> nor <a href=javascript:alert(2)>this</a>.",
  });
  await api.comment.create.mutate({
    postId: post.id,
    body: "Also http://example.org/comment, and javascript:alert(3)",
  });
  await page.goto(`/posts/${post.id}`);

  const article = postArticle(page);
  const link = article.getByRole("link", { name: "https://example.com/docs?page=2" });
  await expect(link).toHaveAttribute("href", "https://example.com/docs?page=2");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(article).toContainText(
    "Not javascript:alert(1) nor data:text/html,<b>x</b> nor <a href=javascript:alert(2)>this</a>.",
  );

  const comment = page.getByRole("region", { name: "Comments" }).getByRole("listitem").first();
  const commentLink = comment.getByRole("link", { name: "http://example.org/comment" });
  await expect(commentLink).toHaveAttribute("href", "http://example.org/comment");
  await expect(commentLink).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(comment).toContainText("and javascript:alert(3)");

  // Only the two addresses became links: nothing points at a script or data, nothing became markup.
  const main = page.getByRole("main");
  await expect(main.locator('a[href^="javascript:" i], a[href^="data:" i]')).toHaveCount(0);
  await expect(main.locator("b")).toHaveCount(0);
  await expect(main.locator("a[rel~=nofollow]")).toHaveCount(2);
});
