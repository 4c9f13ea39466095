import { expect, test } from "./fixtures";

test("the seeded feed renders on the server and loads more by cursor", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Feed" })).toBeVisible();

  const posts = page.getByRole("region", { name: "Latest posts" }).getByRole("listitem");
  // A full first page (the seed has 30 posts, the page size is 20), each card with an author and counts.
  await expect(posts).toHaveCount(20);
  await expect(posts.first().getByRole("button", { name: /^Like, \d+ likes?$/ })).toBeVisible();
  await expect(posts.first().getByRole("link", { name: /\d+ comments?/ })).toBeVisible();

  // Other specs in this worker may have added posts: load pages until the end.
  const caughtUp = page.getByText("You’re all caught up.");
  while (!(await caughtUp.isVisible())) {
    await page.getByRole("button", { name: "Load more" }).click();
    await expect(page.getByRole("button", { name: "Load more" }).or(caughtUp)).toBeEnabled();
  }
  const total = await posts.count();
  expect(total).toBeGreaterThanOrEqual(30);

  // Keyset pages neither repeat nor skip: every card is a different post.
  const hrefs = await posts
    .getByRole("heading")
    .getByRole("link")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href")));
  expect(new Set(hrefs).size).toBe(total);
});

test("the feed HTML already holds the posts (server prefetch, no spinner first)", async ({ request }) => {
  const html = await (await request.get("/")).text();
  expect(html).toContain("Latest posts");
  expect(html).toContain("Shipping the first vertical slice");
});

test("an unknown post is a real 404", async ({ request, page }) => {
  expect((await request.get("/posts/0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a")).status()).toBe(404);
  expect((await request.get("/posts/not-an-id")).status()).toBe(404);
  await page.goto("/posts/not-an-id");
  await expect(page.getByRole("link", { name: /back to the feed/i })).toBeVisible();
});
