import { appRouter } from "@trellis/api";
import { MISSING_ID } from "@trellis/api/testing";
import { createPostInput, NOTHING_TO_EDIT } from "@trellis/validators";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { setupRestTest } from "../testing";
import { createRestHandler } from "./handler";

const api = await setupRestTest();
const { request, tokens } = api;
/** Writes send JSON even when their input is all in the path: the content type is the CSRF guard. */
const json = { "content-type": "application/json" };

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return response.json();
}

/** OPTIONS at `path` answers 204 with this Allow, and every method it lists but OPTIONS reaches a route, not a 405. */
async function expectAllowAnswered(path: string, allow: string) {
  const response = await request("OPTIONS", path);
  expect(response.status, path).toBe(204);
  expect(response.headers.get("allow"), path).toBe(allow);
  for (const method of allow.split(", ").filter((m) => m !== "OPTIONS")) {
    expect((await request(method, path, { headers: json })).status, `${method} ${path}`).not.toBe(405);
  }
}

/** HEAD at `path` answers as GET, for Alice: the status, no body, GET's length and headers, and 304 to its ETag. */
async function expectHeadAsGet(path: string) {
  const get = await request("GET", path, { token: tokens.alice });
  const head = await request("HEAD", path, { token: tokens.alice });
  expect(head.status, path).toBe(200);
  expect(await head.text(), path).toBe("");
  // The length GET's body has: the transport sets it from a body, and HEAD's has none (RFC 9110 §9.3.2).
  const length = (await get.arrayBuffer()).byteLength;
  expect(head.headers.get("content-length"), path).toBe(String(length));
  for (const name of ["content-type", "cache-control", "etag", "vary"]) {
    expect(head.headers.get(name), `${path} ${name}`).toBe(get.headers.get(name));
  }
  const unchanged = await request("HEAD", path, {
    token: tokens.alice,
    headers: { "if-none-match": get.headers.get("etag") ?? "" },
  });
  expect(unchanged.status, path).toBe(304);
}

/** HEAD at a path that is not there: 404, no body, the length of GET's problem. */
async function expectHeadOfMissingAsGet(path: string) {
  const missing = await request("HEAD", path);
  expect(missing.status, path).toBe(404);
  expect(await missing.text(), path).toBe("");
  const missingGet = await request("GET", path);
  expect(missing.headers.get("content-length"), path).toBe(String((await missingGet.arrayBuffer()).byteLength));
}

describe("REST /api/v1: statuses", () => {
  it("201: POST /posts creates, with a Location that reads it back", async () => {
    const created = await request("POST", "/posts", { token: tokens.alice, body: { title: "Via REST", body: "Hi" } });
    expect(created.status).toBe(201);
    const post = await created.json();
    expect(post).toMatchObject({ title: "Via REST", author: { name: "Alice" }, likeCount: 0 });
    expect(created.headers.get("location")).toBe(`/api/v1/posts/${post.id}`);

    const read = await request("GET", `/posts/${post.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: post.id, title: "Via REST", createdAt: post.createdAt });
  });

  it("200: GET /posts pages by cursor, dates as ISO strings", async () => {
    for (const title of ["One", "Two", "Three"]) await api.as.bob.post.create({ title, body: "…" });
    const first = await (await request("GET", "/posts?limit=2")).json();
    expect(first.items).toHaveLength(2);
    expect(first.items[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const second = await (await request("GET", `/posts?limit=2&cursor=${first.nextCursor}`)).json();
    const ids = [...first.items, ...second.items].map((p: { id: string }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("204: DELETE /posts/{id} answers with no body, and the post is gone", async () => {
    const post = await api.as.alice.post.create({ title: "Doomed", body: "…" });
    const deleted = await request("DELETE", `/posts/${post.id}`, { token: tokens.alice });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await request("GET", `/posts/${post.id}`)).status).toBe(404);
  });

  it("400: invalid input lists each failing field", async () => {
    const response = await request("POST", "/posts", { token: tokens.alice, body: { title: " ", body: "" } });
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toEqual({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      code: "BAD_REQUEST",
      detail: "The request is invalid: see errors",
      requestId: response.headers.get("x-request-id"),
      errors: [
        { path: "title", message: "Title is required" },
        { path: "body", message: "Body is required" },
      ],
    });
  });

  it("400: a body left out says exactly what the form says for one left empty", async () => {
    const response = await request("POST", "/posts", { token: tokens.alice, body: { title: "Kept" } });
    expect(response.status).toBe(400);
    // What the web form shows under an empty Body field: the same schema, checked in the browser.
    const inTheForm = createPostInput.safeParse({ title: "Kept", body: "" });
    const formMessages = inTheForm.success ? [] : z.flattenError(inTheForm.error).fieldErrors.body;
    expect(formMessages).toEqual(["Body is required"]);
    expect((await problemOf(response)).errors).toEqual([{ path: "body", message: "Body is required" }]);

    const wrongType = await request("POST", "/posts", { token: tokens.alice, body: { title: 42, body: "ok" } });
    expect((await problemOf(wrongType)).errors).toEqual([{ path: "title", message: "Title must be text" }]);
  });

  it("400: a malformed id, a bad cursor, a limit out of range, unparseable JSON", async () => {
    expect((await problemOf(await request("GET", "/posts/not-an-id"))).errors).toEqual([
      { path: "id", message: "Not a valid id" },
    ]);
    expect((await problemOf(await request("GET", "/posts?cursor=garbage"))).errors).toEqual([
      { path: "cursor", message: "Invalid cursor" },
    ]);
    const tooMany = await request("GET", "/posts?limit=500");
    expect(tooMany.status).toBe(400);
    expect((await problemOf(tooMany)).errors).toEqual([
      { path: "limit", message: "Limit must be a number from 1 to 50" },
    ]);
    const broken = await request("POST", "/posts", {
      token: tokens.alice,
      raw: '{"title": "unclosed',
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect(await problemOf(broken)).toMatchObject({ code: "PARSE_ERROR" });
  });

  it("401: writing without credentials", async () => {
    const anonymous = await request("POST", "/posts", { body: { title: "No", body: "No" } });
    expect(anonymous.status).toBe(401);
    expect(await problemOf(anonymous)).toMatchObject({ code: "UNAUTHORIZED", detail: "Sign in to do that" });
  });

  it("401: a token that is unknown, even on a public read", async () => {
    // A refused token fails even a public read, rather than quietly reading as anonymous.
    const unknown = await request("GET", "/me", { token: "trl_unknown_token_value" });
    expect(unknown.status).toBe(401);
    expect(await problemOf(unknown)).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
  });

  it("403: a read-only token can read but not write", async () => {
    expect((await request("GET", "/me", { token: tokens.aliceReadOnly })).status).toBe(200);
    const write = await request("POST", "/posts", { token: tokens.aliceReadOnly, body: { title: "No", body: "No" } });
    expect(write.status).toBe(403);
    expect(await problemOf(write)).toMatchObject({ detail: "This API token is read-only" });
  });

  it("404: an unknown route, as a problem", async () => {
    const route = await request("GET", "/nothing/here");
    expect(route.status).toBe(404);
    expect(await problemOf(route)).toMatchObject({ status: 404, code: "NOT_FOUND", detail: "No such route" });
  });

  it("404: someone else's post, a missing one, and an unknown route, all as problems", async () => {
    const alices = await api.as.alice.post.create({ title: "Mine", body: "…" });
    const edit = await request("PATCH", `/posts/${alices.id}`, {
      token: tokens.bob,
      body: { title: "Hijack", body: "…" },
    });
    expect(edit.status).toBe(404);
    expect((await request("GET", `/posts/${MISSING_ID}`)).status).toBe(404);
    const route = await request("GET", "/nothing/here");
    expect(route.status).toBe(404);
    expect(await problemOf(route)).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });

  it("405: a known path with the wrong method says which methods it answers", async () => {
    for (const method of ["PUT", "POST", "PATCH", "DELETE"]) {
      const response = await request(method, "/me", { token: tokens.alice, headers: json });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow"), method).toBe("GET, HEAD, OPTIONS");
      expect(await problemOf(response), method).toMatchObject({ status: 405, title: "Method Not Allowed" });
    }
  });

  it("405 on the posts' paths names their methods", async () => {
    const response = await request("PUT", "/posts");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(await problemOf(response)).toMatchObject({ status: 405, title: "Method Not Allowed" });
    expect((await request("POST", `/posts/${MISSING_ID}`)).headers.get("allow")).toBe(
      "GET, HEAD, PATCH, DELETE, OPTIONS",
    );
  });

  it("200: PATCH /posts/{id} changes only the fields it names", async () => {
    const post = await api.as.alice.post.create({ title: "Before", body: "The body stays." });
    const retitled = await request("PATCH", `/posts/${post.id}`, { token: tokens.alice, body: { title: "After" } });
    expect(retitled.status).toBe(200);
    expect(await retitled.json()).toMatchObject({ title: "After", body: "The body stays." });
    const rewritten = await request("PATCH", `/posts/${post.id}`, { token: tokens.alice, body: { body: "New body." } });
    expect(await rewritten.json()).toMatchObject({ title: "After", body: "New body." });

    // Nothing named is no edit; a field named is checked as when writing (null is no way to clear one).
    const empty = await request("PATCH", `/posts/${post.id}`, { token: tokens.alice, body: {} });
    expect(empty.status).toBe(400);
    expect((await problemOf(empty)).errors).toEqual([{ path: "", message: NOTHING_TO_EDIT }]);
    const blank = await request("PATCH", `/posts/${post.id}`, { token: tokens.alice, body: { title: " " } });
    expect((await problemOf(blank)).errors).toEqual([{ path: "title", message: "Title is required" }]);
    const nulled = await request("PATCH", `/posts/${post.id}`, { token: tokens.alice, body: { body: null } });
    expect((await problemOf(nulled)).errors).toEqual([{ path: "body", message: "Body is required" }]);
    expect(await (await request("GET", `/posts/${post.id}`)).json()).toMatchObject({
      title: "After",
      body: "New body.",
    });
  });

  it("409: liking a post twice conflicts", async () => {
    const post = await api.as.bob.post.create({ title: "Likeable", body: "…" });
    const first = await request("POST", `/posts/${post.id}/likes`, { token: tokens.alice, headers: json });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ liked: true, likeCount: 1 });
    // A like has no page of its own: Location names its post, which shows it.
    expect(first.headers.get("location")).toBe(`/api/v1/posts/${post.id}`);
    const liked = await request("GET", first.headers.get("location")?.slice("/api/v1".length) ?? "", {
      token: tokens.alice,
    });
    expect(await liked.json()).toMatchObject({ id: post.id, viewerHasLiked: true, likeCount: 1 });
    const again = await request("POST", `/posts/${post.id}/likes`, { token: tokens.alice, headers: json });
    expect(again.status).toBe(409);
    expect(await problemOf(again)).toMatchObject({ code: "CONFLICT", detail: "You already like this post" });
    expect((await request("DELETE", `/posts/${post.id}/likes`, { token: tokens.alice })).status).toBe(204);
  });

  it("415: a body that is not JSON", async () => {
    const response = await request("POST", "/posts", {
      token: tokens.alice,
      raw: "title=x&body=y",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(415);
  });

  it("reads who is calling from the token", async () => {
    expect(await (await request("GET", "/me", { token: tokens.bob })).json()).toMatchObject({
      name: "Bob",
      via: "read-write-token",
    });
    expect(await (await request("GET", "/me")).json()).toBeNull();
  });
});

describe("REST /api/v1: what an error never carries", () => {
  it("500 says only 'Internal server error': no message, stack, SQL or path", async () => {
    const failures: { code: string; procedure: string | undefined; cause: unknown; requestId: string }[] = [];
    const leaky = createRestHandler({
      router: appRouter,
      basePath: "/api/v1",
      createContext: () => {
        throw new Error('SQLITE_ERROR: no such table: "posts" at /srv/trellis/packages/db/src/sqlite/data.ts:42');
      },
      onError: (failure) => failures.push(failure),
    });
    const response = await leaky(
      new Request("http://trellis.test/api/v1/me", { headers: { "x-request-id": "lb-7f3a.1" } }),
    );
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe("lb-7f3a.1");
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      type: "about:blank",
      title: "Internal Server Error",
      status: 500,
      code: "INTERNAL_SERVER_ERROR",
      detail: "Internal server error",
      requestId: "lb-7f3a.1",
    });
    expect(text).not.toMatch(/SQLITE|posts|no such table|\/srv|\.ts|stack/);
    // The cause goes to the app's onError (its log), under the same request id.
    expect(failures).toEqual([
      { code: "INTERNAL_SERVER_ERROR", procedure: "account.me", cause: expect.any(Error), requestId: "lb-7f3a.1" },
    ]);
    expect(failures[0]?.cause).toMatchObject({ cause: { message: expect.stringContaining("SQLITE_ERROR") } });
  });

  it("4xx bodies hold only the problem fields", async () => {
    const answers = [
      await request("GET", "/nothing/here"),
      await request("PUT", "/me"),
      await request("GET", "/me", { token: "trl_unknown_token_value" }),
    ];
    expect(answers.map((response) => response.status)).toEqual([404, 405, 401]);
    for (const response of answers) {
      expect(Object.keys(await response.json()).sort()).toEqual([
        "code",
        "detail",
        "requestId",
        "status",
        "title",
        "type",
      ]);
    }
  });

  it("a 400's body holds only the problem fields and its errors", async () => {
    const response = await request("POST", "/posts", { token: tokens.alice, body: { title: "" } });
    expect(Object.keys(await response.json()).sort()).toEqual([
      "code",
      "detail",
      "errors",
      "requestId",
      "status",
      "title",
      "type",
    ]);
  });
});

describe("REST /api/v1: request ids", () => {
  it("echoes a sane X-Request-Id on every answer, the one its problem names", async () => {
    const ok = await request("GET", "/me", { headers: { "x-request-id": "req-42:a_b" } });
    expect(ok.headers.get("x-request-id")).toBe("req-42:a_b");
    const missing = await request("GET", "/nothing/here", { headers: { "x-request-id": "req-43" } });
    expect(missing.headers.get("x-request-id")).toBe("req-43");
    expect(await missing.json()).toMatchObject({ code: "NOT_FOUND", requestId: "req-43" });
  });

  it("replaces an id that is not fit to echo (too long, spaces, header tricks) with a fresh one", async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const sent of ["x".repeat(129), "has space", "<script>", "a\tb"]) {
      const response = await request("GET", "/nowhere", { headers: { "x-request-id": sent } });
      const echoed = response.headers.get("x-request-id");
      expect(echoed).toMatch(uuid);
      expect(await response.json()).toMatchObject({ status: 404, requestId: echoed });
    }
    const none = await request("GET", "/me");
    expect(none.headers.get("x-request-id")).toMatch(uuid);
  });
});

describe("REST /api/v1: bodies", () => {
  it("413: a body over 100 kB is refused before it is parsed", async () => {
    const response = await request("POST", "/posts", { token: tokens.alice, raw: "x".repeat(100_001) });
    expect(response.status).toBe(413);
    expect(await problemOf(response)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("an empty JSON body counts as {}, for routes whose input is all in the path", async () => {
    const post = await api.as.bob.post.create({ title: "Like me", body: "…" });
    const liked = await request("POST", `/posts/${post.id}/likes`, { token: tokens.bob, headers: json });
    expect(liked.status).toBe(201);
    // Without the content type, a bodiless write is refused like a cross-site form would be.
    expect((await request("DELETE", `/posts/${post.id}/likes`, { token: tokens.bob })).status).toBe(204);
    expect((await request("POST", `/posts/${post.id}/likes`, { token: tokens.bob })).status).toBe(415);
  });
});

describe("REST /api/v1: what a path serves", () => {
  it("OPTIONS lists in Allow only the methods the path answers", async () => {
    await expectAllowAnswered("/me", "GET, HEAD, OPTIONS");
    expect((await request("OPTIONS", "/nothing/here")).status).toBe(404);
    // And what it leaves out does not: PUT is on no path.
    expect((await request("PUT", "/me", { headers: json })).status).toBe(405);
  });

  it("OPTIONS on the posts' paths", async () => {
    const post = await api.as.bob.post.create({ title: "Options", body: "…" });
    await expectAllowAnswered("/posts", "GET, HEAD, POST, OPTIONS");
    await expectAllowAnswered(`/posts/${post.id}`, "GET, HEAD, PATCH, DELETE, OPTIONS");
    await expectAllowAnswered(`/posts/${post.id}/likes`, "POST, DELETE, OPTIONS");
    expect((await request("PUT", `/posts/${post.id}`, { headers: json })).status).toBe(405);
  });

  it("HEAD answers as GET does, without the body: status, headers, ETag and 304", async () => {
    await expectHeadAsGet("/me");
    await expectHeadOfMissingAsGet("/nothing/here");
  });

  it("HEAD on the posts' paths", async () => {
    const post = await api.as.bob.post.create({ title: "Heads up", body: "…" });
    for (const path of ["/posts?limit=1", `/posts/${post.id}`, `/posts/${post.id}/comments`])
      await expectHeadAsGet(path);
    await expectHeadOfMissingAsGet(`/posts/${MISSING_ID}`);
    expect((await request("HEAD", `/posts/${post.id}/likes`)).status).toBe(405);
  });

  it("400: a body sent to an operation that takes none, whatever the method", async () => {
    const post = await api.as.bob.post.create({ title: "No body", body: "…" });
    const likes = `/posts/${post.id}/likes`;
    for (const body of [{ postId: post.id }, { extra: 1 }, [], "like"]) {
      const response = await request("POST", likes, { token: tokens.alice, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await problemOf(response)).toMatchObject({
        code: "BAD_REQUEST",
        detail: "POST /posts/{postId}/likes takes no request body: send none, or {}",
      });
    }
    const deleting = await request("DELETE", `/posts/${post.id}`, { token: tokens.bob, body: { title: "x" } });
    expect(deleting.status).toBe(400);
    expect((await request("GET", `/posts/${post.id}`)).status).toBe(200);
    // Nothing, or an empty object, is what the document offers: both still work.
    expect((await request("POST", likes, { token: tokens.alice, body: {} })).status).toBe(201);
    expect((await request("DELETE", likes, { token: tokens.alice })).status).toBe(204);
    expect((await request("POST", likes, { token: tokens.alice, headers: json })).status).toBe(201);
  });

  it("413: a body over 100 kB without a Content-Length is refused too", async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("x".repeat(10_000)));
        controller.close();
      },
    });
    // Fetch streams a body only when told to (`duplex`, which the DOM's RequestInit does not list yet).
    const init: RequestInit & { duplex: "half" } = { method: "POST", headers: json, body: chunks, duplex: "half" };
    const handle = createRestHandler({
      router: appRouter,
      basePath: "/api/v1",
      createContext: () => Promise.reject(new Error("unused")),
    });
    const response = await handle(new Request("http://trellis.test/api/v1/posts", init));
    expect(response.status).toBe(413);
  });
});

describe("REST /api/v1: headers that depend on who asks", () => {
  it("401 without credentials carries a bearer challenge", async () => {
    const anonymous = await request("POST", "/posts", { body: { title: "No", body: "No" } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="trellis"');
  });

  it("401 for a refused token says invalid_token; other errors challenge nobody", async () => {
    const refused = await request("GET", "/me", { token: "trl_unknown_token_value" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="trellis", error="invalid_token"');
    for (const [method, path] of [
      ["GET", "/nothing/here"],
      ["PUT", "/me"],
    ] as const) {
      expect((await request(method, path, { token: tokens.alice })).headers.get("www-authenticate")).toBeNull();
    }
  });

  it("the posts' errors challenge nobody", async () => {
    const refused = await request("GET", "/me", { token: "trl_unknown_token_value" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="trellis", error="invalid_token"');
    // Other errors challenge nobody.
    expect((await request("GET", `/posts/${MISSING_ID}`)).headers.get("www-authenticate")).toBeNull();
  });

  it("every answer to a request with credentials is private, no-store; anonymous reads are public, no-cache", async () => {
    const withToken = [
      await request("GET", "/me", { token: tokens.alice }),
      await request("HEAD", "/me", { token: tokens.alice }),
      await request("GET", "/me", { token: "trl_unknown_token_value" }),
    ];
    expect(withToken.map((response) => [response.status, response.headers.get("cache-control")])).toEqual([
      [200, "private, no-store"],
      [200, "private, no-store"],
      [401, "private, no-store"],
    ]);
    expect((await request("GET", "/me")).headers.get("cache-control")).toBe("public, no-cache");
  });

  it("the posts' answers to credentials are private, no-store; their anonymous reads public, no-cache", async () => {
    const post = await api.as.bob.post.create({ title: "Cache", body: "…" });
    const withToken = [
      await request("GET", "/me", { token: tokens.alice }),
      await request("GET", "/posts?limit=1", { token: tokens.alice }),
      await request("POST", `/posts/${post.id}/likes`, { token: tokens.alice, headers: json }),
      await request("DELETE", `/posts/${post.id}/likes`, { token: tokens.alice }),
      await request("GET", `/posts/${MISSING_ID}`, { token: tokens.alice }),
      await request("GET", "/me", { token: "trl_unknown_token_value" }),
    ];
    expect(withToken.map((response) => [response.status, response.headers.get("cache-control")])).toEqual([
      [200, "private, no-store"],
      [200, "private, no-store"],
      [201, "private, no-store"],
      [204, "private, no-store"],
      [404, "private, no-store"],
      [401, "private, no-store"],
    ]);
    expect((await request("GET", "/posts?limit=1")).headers.get("cache-control")).toBe("public, no-cache");
  });

  it("a read has an ETag and answers 304 to it; errors have none", async () => {
    for (const token of [undefined, tokens.alice]) {
      const first = await request("GET", "/me", { token });
      const etag = first.headers.get("etag") ?? "";
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers.get("cache-control")).toBe(token ? "private, no-store" : "public, no-cache");
      expect(first.headers.get("vary")).toBe("cookie, authorization");
      const again = await request("GET", "/me", { token, headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("x-request-id")).toBeTruthy();
    }
    // A change to what is read changes the answer, so the old tag no longer matches.
    const before = (await request("GET", "/me", { token: tokens.bob })).headers.get("etag") ?? "";
    await api.as.bob.account.updateProfile({ name: "Robert" });
    const after = await request("GET", "/me", { token: tokens.bob, headers: { "if-none-match": before } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(before);
    expect(await after.json()).toMatchObject({ name: "Robert" });
    await api.as.bob.account.updateProfile({ name: "Bob" });
    const noTag = [
      await request("GET", "/nothing/here"),
      await request("PUT", "/me", { token: tokens.alice }),
      await request("GET", "/me", { token: "trl_unknown_token_value" }),
    ];
    expect(noTag.map((response) => [response.status, response.headers.get("etag")])).toEqual([
      [404, null],
      [405, null],
      [401, null],
    ]);
  });

  it("a post's read has an ETag and answers 304 to it; writes and errors have none", async () => {
    const post = await api.as.bob.post.create({ title: "Tagged", body: "…" });
    for (const token of [undefined, tokens.alice]) {
      const first = await request("GET", `/posts/${post.id}`, { token });
      const etag = first.headers.get("etag") ?? "";
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers.get("cache-control")).toBe(token ? "private, no-store" : "public, no-cache");
      expect(first.headers.get("vary")).toBe("cookie, authorization");
      const again = await request("GET", `/posts/${post.id}`, { token, headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("x-request-id")).toBeTruthy();
    }
    // A write changes the answer, so the old tag no longer matches.
    const before = (await request("GET", `/posts/${post.id}`)).headers.get("etag") ?? "";
    await request("POST", `/posts/${post.id}/likes`, { token: tokens.alice, headers: json });
    const after = await request("GET", `/posts/${post.id}`, { headers: { "if-none-match": before } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(before);
    const noTag = [
      await request("POST", "/posts", { token: tokens.alice, body: { title: "New", body: "…" } }),
      await request("DELETE", `/posts/${post.id}/likes`, { token: tokens.alice }),
      await request("GET", `/posts/${MISSING_ID}`),
      await request("GET", "/me", { token: "trl_unknown_token_value" }),
    ];
    expect(noTag.map((response) => [response.status, response.headers.get("etag")])).toEqual([
      [201, null],
      [204, null],
      [404, null],
      [401, null],
    ]);
  });
});
