import { createToken, expect, test } from "./fixtures";
import { unique } from "./support";

test("REST with a bearer token: create, read via Location, like, delete — and the browser sees it", async ({
  page,
  user,
  playwright,
  baseURL,
}) => {
  const { secret } = await createToken(page.request, "read-write", "REST e2e");
  // A client with no cookies at all: only the token speaks for it.
  const http = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${secret}` },
  });
  const title = unique("Over REST");

  const created = await http.post("/api/v1/posts", { data: { title, body: "Sent with curl, in spirit." } });
  expect(created.status()).toBe(201);
  const location = created.headers().location ?? "";
  expect(location).toMatch(/^\/api\/v1\/posts\/[\w-]+$/);
  const post = await (await http.get(location)).json();
  expect(post).toMatchObject({ title, author: { name: user.name }, likeCount: 0 });

  const like = await http.post(`/api/v1/posts/${post.id}/likes`, { data: {} });
  expect(like.status()).toBe(201);
  expect(like.headers().location).toBe(location); // a like is read on its post
  expect((await http.post(`/api/v1/posts/${post.id}/likes`, { data: {} })).status()).toBe(409);

  // PATCH changes only what it names; HEAD answers as GET, without the body.
  const patched = await http.patch(location, { data: { title: `${title}, edited` } });
  expect(await patched.json()).toMatchObject({ title: `${title}, edited`, body: "Sent with curl, in spirit." });
  const head = await http.head(location);
  const got = await http.get(location);
  expect(head.status()).toBe(200);
  expect(head.headers().etag).toBe(got.headers().etag);
  expect(head.headers()["content-length"]).toBe(String((await got.body()).byteLength));
  expect(await head.body()).toHaveLength(0);

  await page.goto("/");
  const card = page.getByRole("article").filter({ hasText: `${title}, edited` });
  await expect(card.getByRole("button", { name: /^Like,/, pressed: true })).toBeVisible();

  expect((await http.delete(`/api/v1/posts/${post.id}`)).status()).toBe(204);
  const gone = await http.get(location);
  expect(gone.status()).toBe(404);
  expect(gone.headers()["content-type"]).toBe("application/problem+json");
  await http.dispose();
});

test("/docs/api lists the post routes, and try-it-out calls the running app", async ({ page }) => {
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
  const list = page.locator("#operations-posts-post-list");
  await expect(list).toContainText("GET");
  await expect(list).toContainText("/posts");
  for (const id of ["post-byId", "post-create", "post-update", "post-delete"]) {
    await expect(page.locator(`#operations-posts-${id}`)).toBeVisible();
  }

  await list.locator(".opblock-summary").click();
  await list.getByRole("button", { name: "Execute" }).click();
  const live = list.locator(".live-responses-table");
  await expect(live.locator("tbody .response-col_status").first()).toHaveText("200");
  await expect(live).toContainText('"nextCursor"');
});

test("signed in, try-it-out writes with the session cookie", async ({ page, user }) => {
  expect(user.email).toBeTruthy();
  await page.goto("/docs/api");
  const create = page.locator("#operations-posts-post-create");
  await create.locator(".opblock-summary").click();
  // The body editor starts from the documented examples.
  await expect(create.locator("textarea.body-param__text")).toHaveValue(/Hello, Trellis/);
  await create.getByRole("button", { name: "Execute" }).click();
  await expect(create.locator(".live-responses-table tbody .response-col_status").first()).toHaveText("201");

  await page.goto("/");
  await expect(page.getByRole("article").filter({ hasText: user.name }).first()).toContainText("Hello, Trellis");
});

test("OPTIONS lists only what a path serves; a write that takes no body refuses one", async ({
  page,
  user,
  request,
}) => {
  const { secret } = await createToken(page.request, "read-write", "REST e2e options");
  const post = await (
    await page.request.post("/api/v1/posts", { data: { title: unique("Options"), body: "…" } })
  ).json();
  expect(user.email).toBeTruthy();

  const options = await request.fetch(`/api/v1/posts/${post.id}/likes`, { method: "OPTIONS" });
  expect(options.status()).toBe(204);
  expect(options.headers().allow).toBe("POST, DELETE, OPTIONS");
  expect((await request.get(`/api/v1/posts/${post.id}/likes`)).status()).toBe(405);
  const posts = await request.fetch("/api/v1/posts", { method: "OPTIONS" });
  expect(posts.headers().allow).toBe("GET, HEAD, POST, OPTIONS");
  expect((await request.head("/api/v1/posts")).status()).toBe(200);

  const bearer = { authorization: `Bearer ${secret}` };
  const withBody = await request.post(`/api/v1/posts/${post.id}/likes`, { headers: bearer, data: { postId: post.id } });
  expect(withBody.status()).toBe(400);
  const liked = await request.post(`/api/v1/posts/${post.id}/likes`, { headers: bearer, data: {} });
  expect(liked.status()).toBe(201);
  expect(liked.headers()["cache-control"]).toBe("private, no-store");
});

test("a bearer token that is not ours is a 401 that challenges it", async ({ request }) => {
  const refused = await request.get("/api/v1/me", { headers: { authorization: "Bearer trl_not_a_token_of_ours" } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toBe('Bearer realm="trellis", error="invalid_token"');
});
