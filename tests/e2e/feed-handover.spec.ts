import type { Page } from "@playwright/test";

import { callMutation, expect, test } from "./fixtures";
import { chooseFromAccountMenu, newPerson } from "./support";

/**
 * A signed-out reader's feed is server-rendered markup that the live feed's
 * code (fetched after hydration) takes over: these check the handover keeps
 * the page readable and usable whatever the network does meanwhile.
 */

/** The script chunks the page names up front; any other is fetched later (the live feed's among them). */
async function chunksNamedUpFront(page: Page): Promise<Set<string>> {
  const html = await (await page.request.get("/")).text();
  return new Set(html.match(/static\/chunks\/[\w.-]+\.js/g) ?? []);
}

const isLaterChunk = (named: Set<string>, url: string) => {
  const path = new URL(url).pathname;
  return /^\/_next\/static\/chunks\/[\w.-]+\.js$/.test(path) && !named.has(path.replace("/_next/", ""));
};

test("when the live feed's code fails to download, the posts stay readable and it can try again", async ({ page }) => {
  const named = await chunksNamedUpFront(page);
  const failing = (url: URL) => isLaterChunk(named, url.href);
  await page.route(failing, (route) => route.abort("internetdisconnected"));

  await page.goto("/");
  const feed = page.getByRole("region", { name: "Latest posts" });
  await expect(feed.getByRole("status")).toHaveText("Live updates unavailable — reload");
  await expect(feed.getByRole("listitem")).toHaveCount(20);
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);

  // Back online: "Load more" fetches the code again, and the live feed takes over.
  await page.unroute(failing);
  await feed.getByRole("button", { name: "Load more" }).click();
  await expect(feed.getByRole("status")).toHaveText("Live");
  await expect(feed.getByRole("listitem")).toHaveCount(20);
});

test("while the live feed's code downloads, the hydrated feed stays, says why it waits, and keeps focus", async ({
  page,
}) => {
  const named = await chunksNamedUpFront(page);
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(
    (url) => isLaterChunk(named, url.href),
    async (route) => {
      await released;
      await route.continue();
    },
  );

  // Not until "load": it waits for the held chunks.
  await page.goto("/", { waitUntil: "domcontentloaded" });
  const feed = page.getByRole("region", { name: "Latest posts" });
  const loadMore = feed.getByRole("button", { name: "Load more" });
  // Hydrated (the button is no longer natively disabled), the live feed not there yet: it says so.
  await expect(loadMore).toHaveAttribute("aria-disabled", "true");
  await expect(loadMore).not.toHaveAttribute("disabled");
  await expect(loadMore).toHaveAccessibleDescription("Connecting…");

  const firstLink = feed.getByRole("listitem").first().getByRole("heading").getByRole("link");
  const href = await firstLink.getAttribute("href");
  await firstLink.focus();

  release();
  await expect(feed.getByRole("status")).toHaveText("Live");
  await expect(loadMore).not.toHaveAttribute("aria-disabled");
  // The markup was replaced by the live feed's: focus is back on the same post's link, not on <body>.
  await expect(page.locator(":focus")).toHaveAttribute("href", href ?? "");
});

test("the feed shows what the server read, not an older page the browser cached", async ({ page, user, api }) => {
  const post = await api.post.create.mutate({ title: `Renamed author ${Date.now()}`, body: "…" });
  await page.goto("/");
  const card = page.getByRole("listitem").filter({ hasText: post.title });
  await expect(card).toContainText(user.name);

  // Away from the feed (in-app, so the browser keeps its cache), rename, and back within the cache's lifetime.
  await card.getByRole("heading").getByRole("link").click();
  await expect(page).toHaveURL(`/posts/${post.id}`);
  const renamed = newPerson("Renamed").name;
  await callMutation(page.request, "account.updateProfile", { name: renamed });
  await page.getByRole("link", { name: /back to feed/i }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("listitem").filter({ hasText: post.title })).toContainText(renamed);
});

test("signing out still works when the sign-in client can't be downloaded", async ({ page, user }) => {
  expect(user.email).toBeTruthy();
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Latest posts" }).getByRole("status")).toHaveText("Live");
  const named = await chunksNamedUpFront(page);
  await page.route(
    (url) => isLaterChunk(named, url.href),
    (route) => route.abort("internetdisconnected"),
  );

  await chooseFromAccountMenu(page, "Sign out");
  // Auth.js's own sign-out page, which needs no script.
  await expect(page).toHaveURL(/\/api\/auth\/signout/);
});
