import { describe, expect, it } from "vitest";
import {
  entityTagOf,
  ifNoneMatchHits,
  PRIVATE_ANSWER,
  PUBLIC_READ,
  presentsCredentials,
  readCaching,
  withReadCaching,
} from "./caching";

describe("entityTagOf", () => {
  it("is a weak tag that changes with the body, and only with it", () => {
    const tag = entityTagOf('{"items":[]}');
    expect(tag).toMatch(/^W\/"[\w-]+"$/);
    expect(entityTagOf('{"items":[]}')).toBe(tag);
    expect(entityTagOf('{"items":[1]}')).not.toBe(tag);
    expect(entityTagOf(new TextEncoder().encode('{"items":[]}'))).toBe(tag);
  });
});

describe("ifNoneMatchHits", () => {
  const tag = entityTagOf("body");
  it.each([
    [tag, true],
    [tag.slice(2), true], // the strong form of the same tag: weak comparison
    [`"other", ${tag}`, true],
    ["*", true],
    ['W/"other"', false],
    ["", false],
    [undefined, false],
  ])("%s → %s", (header, hits) => {
    expect(ifNoneMatchHits(header, tag)).toBe(hits);
  });
});

describe("presentsCredentials", () => {
  it.each([
    [undefined, undefined, false],
    [undefined, "theme=dark; authjs.csrf-token=abc", false],
    ["Bearer trl_x", undefined, true],
    [undefined, "authjs.session-token=abc", true],
    [undefined, "theme=dark; __Secure-authjs.session-token=abc", true],
    [undefined, "authjs.session-token.0=abc; authjs.session-token.1=def", true],
    // Auth.js trims the space around a cookie's name: each of these signs in.
    [undefined, "authjs.session-token =abc", true],
    [undefined, "theme=dark;\tauthjs.session-token\t=abc", true],
    [undefined, "theme=dark; __Secure-authjs.session-token.0 = abc", true],
  ])("authorization %s, cookie %s → %s", (authorization, cookie, expected) => {
    expect(presentsCredentials(authorization, cookie)).toBe(expected);
  });
});

describe("readCaching: one decision for every path", () => {
  const read = {
    method: "GET",
    status: 200,
    body: "x",
    authorization: null,
    cookie: null,
    ifNoneMatch: null,
    cacheControl: null,
    vary: "trpc-accept, accept",
  };

  it("an anonymous read: public, always revalidated, varying by credentials", () => {
    expect(readCaching(read)).toEqual({
      headers: {
        etag: entityTagOf("x"),
        "cache-control": PUBLIC_READ,
        vary: "trpc-accept, accept, cookie, authorization",
      },
      notModified: false,
    });
    expect(PUBLIC_READ).toBe("public, no-cache");
  });

  it("a personal read: private, no-store, still with its ETag", () => {
    expect(readCaching({ ...read, cookie: "authjs.session-token=abc", vary: null })).toEqual({
      headers: { etag: entityTagOf("x"), "cache-control": PRIVATE_ANSWER, vary: "cookie, authorization" },
      notModified: false,
    });
    expect(PRIVATE_ANSWER).toBe("private, no-store");
  });

  it.each(["private, no-store", "no-store", "max-age=0, no-store", "PRIVATE"])(
    "the context's own %s wins over the public default",
    (cacheControl) => {
      expect(readCaching({ ...read, cacheControl })?.headers["cache-control"]).toBe(PRIVATE_ANSWER);
    },
  );

  it("the client's If-None-Match naming the tag: not modified", () => {
    expect(readCaching({ ...read, ifNoneMatch: `"a", ${entityTagOf("x")}` })?.notModified).toBe(true);
  });

  it.each([
    ["a mutation", { method: "POST" }],
    ["an error", { status: 404 }],
    ["a 207 batch", { status: 207 }],
  ])("%s: nothing to cache", (_, change) => {
    expect(readCaching({ ...read, ...change })).toBeNull();
  });
});

describe("withReadCaching (the Fetch paths: tRPC's stock handler, REST)", () => {
  const url = "http://trellis.test/api/v1/posts";
  const ok = (headers: Record<string, string> = {}) =>
    Response.json({ items: [] }, { headers: { "content-type": "application/json", ...headers } });

  it("a GET answered 200: ETag, public, no-cache; the body untouched", async () => {
    const response = await withReadCaching(new Request(url), ok());
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(entityTagOf('{"items":[]}'));
    expect(response.headers.get("cache-control")).toBe("public, no-cache");
    expect(response.headers.get("vary")).toBe("cookie, authorization");
    expect(await response.json()).toEqual({ items: [] });
  });

  it("a matching If-None-Match: 304 with no body, the same ETag and Cache-Control", async () => {
    const etag = entityTagOf('{"items":[]}');
    const response = await withReadCaching(new Request(url, { headers: { "if-none-match": etag } }), ok());
    expect(response.status).toBe(304);
    expect(await response.text()).toBe("");
    expect(response.headers.get("etag")).toBe(etag);
    expect(response.headers.get("cache-control")).toBe("public, no-cache");
    expect(response.headers.get("content-type")).toBeNull();
  });

  it("a stale If-None-Match: the 200 with the body", async () => {
    const request = new Request(url, { headers: { "if-none-match": 'W/"stale"' } });
    expect((await withReadCaching(request, ok())).status).toBe(200);
  });

  it.each([
    ["a bearer token", { authorization: "Bearer trl_x" }],
    ["a session cookie", { cookie: "authjs.session-token=abc" }],
  ])("%s: private, no-store, with an ETag that still answers 304", async (_, headers) => {
    const response = await withReadCaching(new Request(url, { headers }), ok());
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const etag = response.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\//);
    const again = await withReadCaching(new Request(url, { headers: { ...headers, "if-none-match": etag } }), ok());
    expect(again.status).toBe(304);
  });

  it("an answer the context already made private stays private", async () => {
    const response = await withReadCaching(new Request(url), ok({ "cache-control": "private, no-store" }));
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });

  it.each([
    ["a mutation", new Request(url, { method: "POST", body: "{}" }), ok()],
    ["an error", new Request(url), Response.json({ code: "NOT_FOUND" }, { status: 404 })],
    ["a 201", new Request(url), Response.json({}, { status: 201 })],
    [
      "an event stream",
      new Request(url),
      new Response("data: 1\n\n", { headers: { "content-type": "text/event-stream" } }),
    ],
    [
      "a streamed batch (JSON lines, its errors inside)",
      new Request(url, { headers: { "trpc-accept": "application/jsonl" } }),
      ok({ "transfer-encoding": "chunked" }),
    ],
    ["a chunked answer", new Request(url), ok({ "transfer-encoding": "chunked" })],
  ])("%s: passed unchanged, no ETag", async (_, request, response) => {
    const answered = await withReadCaching(request, response);
    expect(answered).toBe(response);
    expect(answered.headers.get("etag")).toBeNull();
  });
});
