import type { APIRequestContext } from "@playwright/test";
import type { TrellisClient } from "@trellis/client";
import { type AppServer, startAppServer } from "./app-server";
import { expect, test } from "./fixtures";
import { unique } from "./support";

/**
 * The page cache (docs/decisions/037): a signed-out reader of the feed or a
 * post gets the page kept since the last write; any write, on any instance,
 * is visible to the next reader; a signed-in reader always gets a page of
 * their own. X-Trellis-Cache says which.
 */

const CACHE = "x-trellis-cache";

/** A signed-out reader's GET: status, cache verdict and HTML. */
async function read(reader: APIRequestContext, path: string) {
  const response = await reader.get(path);
  return { status: response.status(), cache: response.headers()[CACHE], html: await response.text() };
}

test("a signed-out reader's second read of the feed and of a post is answered from the cache", async ({
  playwright,
  baseURL,
  api,
}) => {
  const post = await api.post.create.mutate({ title: unique("Cached"), body: "Read twice." });
  const reader = await playwright.request.newContext({ baseURL });
  for (const path of ["/", `/posts/${post.id}`]) {
    const first = await read(reader, path);
    expect(first).toMatchObject({ status: 200, cache: "miss" });
    expect(first.html).toContain(post.title);
    const second = await read(reader, path);
    expect(second).toMatchObject({ status: 200, cache: "hit" });
    expect(second.html).toContain(post.title);
  }
  // Other pages, and API calls, are not the cache's.
  expect((await reader.get("/sign-in")).headers()[CACHE]).toBeUndefined();
  await reader.dispose();
});

test("other pages, and API calls, are not the cache's", async ({ playwright, baseURL }) => {
  const reader = await playwright.request.newContext({ baseURL });
  for (const path of ["/sign-in", "/sign-in", "/api/v1/me", "/api/v1/me"]) {
    expect((await reader.get(path)).headers()[CACHE], path).toBeUndefined();
  }
  await reader.dispose();
});

test("an anonymous request that is no read empties no cache: none can change a public page", async ({
  playwright,
  baseURL,
}) => {
  const reader = await playwright.request.newContext({ baseURL });
  await read(reader, "/");
  expect((await read(reader, "/")).cache).toBe("hit");
  // Anyone can send this one, as often as they like; Auth.js answers it (a redirect) without a session.
  const signOut = await reader.post("/api/auth/signout", { maxRedirects: 0, failOnStatusCode: false });
  expect(signOut.status()).toBeLessThan(500);
  expect((await read(reader, "/")).cache).toBe("hit");
  await reader.dispose();
});

test("a page request whose session cookie Auth.js reads despite the space before its = is never cached", async ({
  playwright,
  baseURL,
}) => {
  const reader = await playwright.request.newContext({ baseURL });
  const spaced = { cookie: "authjs.session-token =not-a-session" };
  for (let load = 0; load < 2; load++) {
    expect((await reader.get("/", { headers: spaced })).headers()[CACHE]).toBe("bypass");
  }
  await reader.dispose();
});

test("a signed-in reader is never answered from the cache", async ({ page, user, playwright, baseURL }) => {
  expect(user.email).toBeTruthy();
  // The signed-out page is in the cache…
  const reader = await playwright.request.newContext({ baseURL });
  await read(reader, "/");
  expect((await read(reader, "/")).cache).toBe("hit");

  // …yet the signed-in reader gets their own, every time.
  for (let load = 0; load < 2; load++) {
    const response = await page.goto("/");
    expect(response?.headers()[CACHE]).toBe("bypass");
  }
  await reader.dispose();
});

test("a signed-in reader is never answered from the cache, and sees their own post and like at once", async ({
  page,
  user,
  playwright,
  baseURL,
}) => {
  expect(user.email).toBeTruthy();
  // The signed-out page is in the cache…
  const reader = await playwright.request.newContext({ baseURL });
  await read(reader, "/");
  expect((await read(reader, "/")).cache).toBe("hit");

  // …yet the signed-in reader gets their own, every time.
  for (let load = 0; load < 2; load++) {
    const response = await page.goto("/");
    expect(response?.headers()[CACHE]).toBe("bypass");
  }
  const title = unique("Mine");
  const compose = page.getByRole("region", { name: "Write a post" });
  await compose.getByLabel("Title").fill(title);
  await compose.getByLabel("Body").fill("Written, then reloaded.");
  await compose.getByRole("button", { name: "Post" }).click();
  const article = page.getByRole("article").filter({ hasText: title });
  await expect(article).toBeVisible();

  const reloaded = await page.reload();
  expect(reloaded?.headers()[CACHE]).toBe("bypass");
  const liked = page.waitForResponse((response) => response.url().includes("/api/trpc/like.add") && response.ok());
  await article.getByRole("button", { name: /^Like/ }).click();
  await liked;
  await page.reload();
  await expect(article.getByRole("button", { name: "Like, 1 like" })).toHaveAttribute("aria-pressed", "true");

  // And the signed-out reader sees the post too: the writes emptied the cache.
  const after = await read(reader, "/");
  expect(after.cache).toBe("miss");
  expect(after.html).toContain(title);
  await reader.dispose();
});

/** The count a post page's like button shows, as rendered: `<span class="sr-only">Like, </span>3<span…`. */
function likesIn(html: string): number {
  const count = html.match(/Like, <\/span>(\d+)</)?.[1];
  expect(count, "a like button").toBeDefined();
  return Number(count);
}

/**
 * How a reader's check after a write runs: on the writer's instance, once —
 * the write emptied its cache before the writer had the answer; on another,
 * again until it holds — that instance empties its cache when its own reading
 * of the bus brings the write, a Redis round trip later. The bound covers
 * the check's own renders on a busy machine (each up to a second), not just
 * that round trip (milliseconds).
 */
type AfterWrite = (check: () => Promise<void>) => Promise<void>;
const atOnce: AfterWrite = (check) => check();
const soon: AfterWrite = (check) => expect(check).toPass({ timeout: 10_000, intervals: [50, 100, 250] });

/**
 * A write on `writer`'s instance — a new post, an edit (which announces
 * nothing on the bus itself), a like, a comment — then a signed-out read on
 * `reader`'s instance, as `afterWrite` says: it shows the write.
 */
async function everyWriteShows(writer: TrellisClient, reader: APIRequestContext, afterWrite: AfterWrite) {
  const post = await writer.post.create.mutate({ title: unique("Fresh"), body: "First version." });
  await afterWrite(async () => {
    await read(reader, `/posts/${post.id}`);
    expect((await read(reader, `/posts/${post.id}`)).cache).toBe("hit");
    expect((await read(reader, "/")).html).toContain(post.title);
    expect((await read(reader, "/")).cache).toBe("hit");
  });

  const edited = unique("Edited");
  await writer.post.update.mutate({ id: post.id, title: edited, body: "Second version." });
  await afterWrite(async () => {
    const afterEdit = await read(reader, `/posts/${post.id}`);
    expect(afterEdit.html).toContain(edited);
    if (afterWrite === atOnce) expect(afterEdit.cache).toBe("miss");
    expect((await read(reader, "/")).html).toContain(edited);
  });

  expect(likesIn((await read(reader, `/posts/${post.id}`)).html)).toBe(0);
  await writer.like.add.mutate({ postId: post.id });
  await afterWrite(async () => expect(likesIn((await read(reader, `/posts/${post.id}`)).html)).toBe(1));

  const comment = unique("A comment");
  await writer.comment.create.mutate({ postId: post.id, body: comment });
  await afterWrite(async () => {
    const afterComment = await read(reader, `/posts/${post.id}`);
    expect(afterComment.html).toContain(comment);
    if (afterWrite === atOnce) expect(afterComment.cache).toBe("miss");
  });

  await writer.post.delete.mutate({ id: post.id });
  await afterWrite(async () => {
    expect((await read(reader, `/posts/${post.id}`)).status).toBe(404);
    expect((await read(reader, "/")).html).not.toContain(edited);
  });
}

/**
 * A signed-in write of any kind on `writer`'s instance — a rename, which no public page shows — then
 * signed-out reads of `/` on `reader`'s instance, as `afterWrite` says: the page kept before the write
 * is not served after it, and the page rendered afresh is kept again.
 */
async function anyWriteEmptiesTheCache(writer: TrellisClient, reader: APIRequestContext, afterWrite: AfterWrite) {
  // Kept: on another instance, once the announcements of the fixtures' own writes have come and gone.
  await afterWrite(async () => {
    await read(reader, "/");
    expect((await read(reader, "/")).cache).toBe("hit");
  });
  await writer.account.updateProfile.mutate({ name: unique("Renamed") });
  await afterWrite(async () => expect((await read(reader, "/")).cache).toBe("miss"));
  expect((await read(reader, "/")).cache).toBe("hit");
}

test("any signed-in write empties the cache of its instance before the writer has the answer", async ({
  api,
  playwright,
  baseURL,
}) => {
  const reader = await playwright.request.newContext({ baseURL });
  await anyWriteEmptiesTheCache(api, reader, atOnce);
  await reader.dispose();
});

test("every write is in the next signed-out read of the same instance", async ({ api, playwright, baseURL }) => {
  const reader = await playwright.request.newContext({ baseURL });
  await everyWriteShows(api, reader, atOnce);
  await reader.dispose();
});

test.describe("two instances behind one database and Redis", () => {
  test.skip(!process.env.REDIS_URL, "needs REDIS_URL: without it each instance has its own bus (unit-tested)");

  let second: AppServer;
  test.beforeAll(async ({ app }) => {
    second = await startAppServer(`cache-${test.info().workerIndex}`, app);
  });
  test.afterAll(async () => {
    await second?.stop();
  });

  test("a signed-in write on one instance empties the cache of the other once it hears of it", async ({
    api,
    playwright,
  }) => {
    const readerOnB = await playwright.request.newContext({ baseURL: second.baseURL });
    await anyWriteEmptiesTheCache(api, readerOnB, soon);
    await readerOnB.dispose();
  });

  test("a write on one instance is in the signed-out reads on the other once it hears of it", async ({
    api,
    playwright,
  }) => {
    // `api` writes on this worker's instance, A; the reader reads on B, which hears of A's writes on the bus.
    const readerOnB = await playwright.request.newContext({ baseURL: second.baseURL });
    await everyWriteShows(api, readerOnB, soon);
    await readerOnB.dispose();
  });
});
