import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import { gunzipSync } from "node:zlib";
import { MISSING_ID } from "@trellis/api/testing";
import { afterAll, describe, expect, it, vi } from "vitest";
import { setupRestTest } from "../testing";
import { headersOf } from "./lean-handler";
import { MAX_BODY_BYTES } from "./limits";
import { serveOnNode } from "./node-fetch";

/**
 * The differential test of REST's bridge to Node: the same requests, over
 * real HTTP, to the REST handler as the production server serves it — on
 * Node's own request and response (`serveOnNode`,
 * ../../../../apps/web/server.ts) — and behind a plain Fetch adapter, which
 * hands the handler what Next's route gets, a `Request` built from the whole
 * request: each over its own identically prepared database, they must get
 * the same status, headers that matter and body (ids, dates and cursors
 * aside). Compression, which Next adds on its side, is compared by
 * tests/e2e/parity.spec.ts, which runs the real servers.
 */

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${address && typeof address === "object" ? address.port : 0}`;
}

/** What Next hands a route: a Request with the whole body, read before the handler runs. */
async function asNextWould(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://127.0.0.1${req.url}`, {
    method: req.method,
    headers: headersOf(req),
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

const failure = () => new Response("failed", { status: 500 });

async function side(kind: "node" | "route") {
  const api = await setupRestTest();
  const post = await api.as.alice.post.create({ title: "Fixture", body: "A post to act on." });
  const fixtures = { post: post.id, tokens: { ...api.tokens, unknown: "trl_this_token_was_never_issued_0000" } };
  const onNode = serveOnNode(api.handle, (req) => req.url?.startsWith("/api/v1/") ?? false, failure);
  const server = createServer(async (req, res) => {
    if (kind === "node") {
      if (!(await onNode(req, res))) res.writeHead(599).end("not served");
      return;
    }
    const response = await api.handle(await asNextWould(req));
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    res.writeHead(response.status, headers);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return { url: await listen(server), fixtures, api };
}

type Fixtures = Awaited<ReturnType<typeof side>>["fixtures"];
interface Case {
  name: string;
  method: string;
  path: (fx: Fixtures) => string;
  token?: keyof Fixtures["tokens"];
  body?: string;
  headers?: Record<string, string>;
}

const json = { "content-type": "application/json" };
/** What the REST surface answers whatever the app is: the account, and the routes it does not have. */
const runtimeCases: Case[] = [
  { name: "me, anonymous", method: "GET", path: () => "/api/v1/me" },
  { name: "me", method: "GET", path: () => "/api/v1/me", token: "alice" },
  { name: "me, unknown token: 401, invalid_token", method: "GET", path: () => "/api/v1/me", token: "unknown" },
  {
    name: "me, a sign-in cookie",
    method: "GET",
    path: () => "/api/v1/me",
    headers: { cookie: "authjs.session-token=x" },
  },
  { name: "no such route: 404", method: "GET", path: () => "/api/v1/nothing-here" },
  { name: "a method the path lacks: 405, Allow", method: "PUT", path: () => "/api/v1/me" },
  {
    name: "a write with a body to a path that takes none: 405, Allow",
    method: "POST",
    path: () => "/api/v1/me",
    token: "bob",
    body: JSON.stringify({ name: "Bob" }),
    headers: json,
  },
  { name: "OPTIONS: 204, Allow", method: "OPTIONS", path: () => "/api/v1/me" },
  { name: "HEAD: GET's answer without the body", method: "HEAD", path: () => "/api/v1/me", token: "alice" },
  { name: "HEAD, no such route: 404", method: "HEAD", path: () => "/api/v1/nothing-here" },
];

/** The posts' own routes: their reads, writes, likes and deletes, on Alice's post. */
const demoCases: Case[] = [
  { name: "list, anonymous", method: "GET", path: () => "/api/v1/posts?limit=5" },
  { name: "list, with a token", method: "GET", path: () => "/api/v1/posts?limit=5", token: "bob" },
  {
    name: "list, a session cookie",
    method: "GET",
    path: () => "/api/v1/posts",
    headers: { cookie: "authjs.session-token=x" },
  },
  { name: "one post", method: "GET", path: (fx) => `/api/v1/posts/${fx.post}` },
  { name: "a missing post: 404", method: "GET", path: () => `/api/v1/posts/${MISSING_ID}` },
  { name: "a malformed id: 400", method: "GET", path: () => "/api/v1/posts/not-an-id" },
  { name: "a bad cursor: 400 with errors", method: "GET", path: () => "/api/v1/posts?cursor=garbage" },
  { name: "a method the posts lack: 405, Allow", method: "PUT", path: () => "/api/v1/posts" },
  { name: "OPTIONS on a post: 204, Allow", method: "OPTIONS", path: (fx) => `/api/v1/posts/${fx.post}` },
  { name: "HEAD, a post: GET's answer without the body", method: "HEAD", path: (fx) => `/api/v1/posts/${fx.post}` },
  { name: "HEAD, a missing post: 404", method: "HEAD", path: () => `/api/v1/posts/${MISSING_ID}` },
  {
    name: "create: 201, Location",
    method: "POST",
    path: () => "/api/v1/posts",
    token: "bob",
    body: JSON.stringify({ title: "Via REST", body: "Hi" }),
    headers: json,
  },
  {
    name: "create, invalid: 400 with errors",
    method: "POST",
    path: () => "/api/v1/posts",
    token: "bob",
    body: JSON.stringify({ title: " ", body: "" }),
    headers: json,
  },
  {
    name: "create, unparseable: 400",
    method: "POST",
    path: () => "/api/v1/posts",
    token: "bob",
    body: '{"title": "unclosed',
    headers: json,
  },
  {
    name: "create, anonymous: 401",
    method: "POST",
    path: () => "/api/v1/posts",
    body: JSON.stringify({ title: "T", body: "B" }),
    headers: json,
  },
  {
    name: "create, read-only token: 403",
    method: "POST",
    path: () => "/api/v1/posts",
    token: "aliceReadOnly",
    body: JSON.stringify({ title: "T", body: "B" }),
    headers: json,
  },
  {
    name: "a body over the limit: 413",
    method: "POST",
    path: () => "/api/v1/posts",
    token: "bob",
    body: JSON.stringify({ title: "x".repeat(MAX_BODY_BYTES), body: "B" }),
    headers: json,
  },
  { name: "like: 201", method: "POST", path: (fx) => `/api/v1/posts/${fx.post}/likes`, token: "bob", headers: json },
  {
    name: "like again: 409",
    method: "POST",
    path: (fx) => `/api/v1/posts/${fx.post}/likes`,
    token: "bob",
    headers: json,
  },
  {
    name: "a body where the route takes none: 400",
    method: "DELETE",
    path: (fx) => `/api/v1/posts/${fx.post}/likes`,
    token: "bob",
    body: JSON.stringify({ extra: 1 }),
    headers: json,
  },
  { name: "unlike: 204", method: "DELETE", path: (fx) => `/api/v1/posts/${fx.post}/likes`, token: "bob" },
  { name: "delete another's post: 404", method: "DELETE", path: (fx) => `/api/v1/posts/${fx.post}`, token: "bob" },
  { name: "delete: 204", method: "DELETE", path: (fx) => `/api/v1/posts/${fx.post}`, token: "alice" },
];

/** In this order: the writes change each side's database the same way. */
const caseGroups = [runtimeCases, demoCases];
const cases = caseGroups.flat();

/** What differs between two databases, replaced by placeholders; the rest of the body compares as is. */
function normalize(text: string): string {
  const ids = new Map<string, string>();
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!ids.has(id)) ids.set(id, `<id${ids.size}>`);
      return ids.get(id) ?? id;
    })
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<date>")
    .replace(/"nextCursor":"[^"]+"/g, '"nextCursor":"<cursor>"');
}

async function send(url: string, fixtures: Fixtures, c: Case) {
  const headers: Record<string, string> = { "x-request-id": `case-${c.name.replace(/[^\w]+/g, "-")}`, ...c.headers };
  if (c.token) headers.authorization = `Bearer ${fixtures.tokens[c.token]}`;
  const response = await fetch(`${url}${c.path(fixtures)}`, { method: c.method, headers, body: c.body });
  const header = (name: string) => response.headers.get(name);
  return {
    status: response.status,
    headers: Object.fromEntries(
      ["content-type", "allow", "cache-control", "www-authenticate", "retry-after", "x-request-id"].map((name) => [
        name,
        header(name),
      ]),
    ),
    // What the answer differs by, but the encoding, which only Node's side negotiates here (see above).
    vary: header("vary")?.replace(/, accept-encoding$/, ""),
    location: header("location") && normalize(header("location") ?? ""),
    hasETag: header("etag") !== null,
    body: normalize(await response.text()),
  };
}

const [route, node] = [await side("route"), await side("node")];

describe("REST on the production server's path answers as the same handler behind a plain Fetch adapter", () => {
  // In order: the writes change each side's database the same way.
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const expected = await send(route.url, route.fixtures, c);
    const actual = await send(node.url, node.fixtures, c);
    expect(actual).toEqual(expected);
    // Each case answers what its name says: the status after the colon, else 200.
    const named = /: (\d{3})/.exec(c.name)?.[1];
    expect(expected.status).toBe(named ? Number(named) : 200);
  });

  it("answers 304 to an If-None-Match naming a read's ETag, on both", async () => {
    for (const { url, fixtures } of [route, node]) {
      const c: Case = { name: "etag", method: "GET", path: () => "/api/v1/me" };
      const first = await fetch(`${url}${c.path(fixtures)}`);
      const etag = first.headers.get("etag") ?? "";
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      const again = await fetch(`${url}${c.path(fixtures)}`, { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("x-request-id")).toBeTruthy();
    }
  });
});

describe("a body over the limit, sent in chunks without a Content-Length", () => {
  it("is a 413 problem on Node's path, not a reset connection", async () => {
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("x".repeat(10_000)));
        controller.close();
      },
    });
    const init: RequestInit & { duplex: "half" } = {
      method: "POST",
      headers: { ...json, authorization: `Bearer ${node.fixtures.tokens.bob}` },
      body: chunked,
      duplex: "half",
    };
    const response = await fetch(`${node.url}/api/v1/posts`, init);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
  });
});

/** A raw request, so the test sees the bytes on the wire (fetch would decompress them). */
function rawGet(url: string, headers: Record<string, string>, method = "GET") {
  return new Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }>((resolve, reject) => {
    httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on("error", reject)
      .end();
  });
}

/** Five long posts on Node's side: a feed long enough to be worth compressing. */
async function postsWorthCompressing(title: string) {
  for (let i = 0; i < 5; i++) await node.api.as.alice.post.create({ title: `${title} ${i}`, body: "x".repeat(200) });
}

/** The posts' feed on Node's side. */
const feed = `${node.url}/api/v1/posts?limit=20`;

describe("Node's path compresses as Next does", () => {
  it("gzips a read worth it for a client that accepts gzip, and says it varies by the encoding", async () => {
    await postsWorthCompressing("Post");
    const plain = await rawGet(feed, {});
    const gzipped = await rawGet(feed, { "accept-encoding": "gzip, deflate, br" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers.vary).toContain("accept-encoding");
    expect(Number(gzipped.headers["content-length"])).toBe(gzipped.body.byteLength);
    expect(JSON.parse(gunzipSync(gzipped.body).toString())).toEqual(JSON.parse(plain.body.toString()));
    expect(gzipped.headers.etag).toBe(plain.headers.etag);
  });

  it("leaves a small answer alone", async () => {
    for (const path of ["/api/v1/me", "/api/v1/nothing-here"]) {
      const small = await rawGet(`${node.url}${path}`, { "accept-encoding": "gzip" });
      expect(small.headers["content-encoding"], path).toBeUndefined();
    }
  });

  it("leaves a refusing client alone", async () => {
    await postsWorthCompressing("Refused");
    const refusing = await rawGet(feed, { "accept-encoding": "gzip;q=0, identity" });
    expect(refusing.headers["content-encoding"]).toBeUndefined();
  });
});

/** That HEAD answers as GET does, with GET's Content-Length, on both sides and gzipped or not on Node's path. */
async function expectHeadLikeGet(paths: string[]) {
  const asked = [
    [route.url, {}],
    [node.url, {}],
    [node.url, { "accept-encoding": "gzip" }],
  ] as const;
  for (const [url, headers] of asked) {
    for (const path of paths) {
      const get = await rawGet(`${url}${path}`, headers);
      const head = await rawGet(`${url}${path}`, headers, "HEAD");
      const named = `${url}${path} ${JSON.stringify(headers)}`;
      expect(head.status, named).toBe(get.status);
      expect(head.body.byteLength, named).toBe(0);
      expect(head.headers["content-length"], named).toBe(String(get.body.byteLength));
      expect(head.headers["content-encoding"], named).toBe(get.headers["content-encoding"]);
      expect(head.headers.etag, named).toBe(get.headers.etag);
    }
  }
}

describe("HEAD carries the Content-Length its GET has (RFC 9110 §9.3.2)", () => {
  it("on both sides, for a read and a 404", async () => {
    await expectHeadLikeGet(["/api/v1/me", "/api/v1/nothing-here"]);
  });

  it("gzipped on Node's path for a client that accepts gzip", async () => {
    await postsWorthCompressing("Long");
    await expectHeadLikeGet(["/api/v1/posts?limit=20", `/api/v1/posts/${MISSING_ID}`]);
    const gzipped = await rawGet(`${node.url}/api/v1/posts?limit=20`, { "accept-encoding": "gzip" }, "HEAD");
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
  });
});

describe("serveOnNode when things go wrong", () => {
  it("a handler that throws gets the failure's answer, not a stack", async () => {
    const onThrow = vi.fn(() => new Response("the failure's own answer", { status: 500 }));
    const serve = serveOnNode(
      () => Promise.reject(new Error("a bug in the handler")),
      () => true,
      onThrow,
    );
    const url = await listen(createServer((req, res) => void serve(req, res)));
    const response = await fetch(`${url}/anything`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("the failure's own answer");
    expect(onThrow).toHaveBeenCalledOnce();
  });

  it("a client that hangs up mid-body is nobody's error: no failure, no answer", async () => {
    const onThrow = vi.fn(failure);
    const serve = serveOnNode(
      (req) => req.text().then(() => new Response("read it all")),
      () => true,
      onThrow,
    );
    let served: Promise<boolean> | undefined;
    const url = await listen(
      createServer((req, res) => {
        served = serve(req, res);
      }),
    );
    const client = httpRequest(url, { method: "POST", headers: { "content-length": "100000" } });
    client.on("error", () => {}); // the hang-up is the point
    client.write("x".repeat(1000), () => setTimeout(() => client.destroy(), 50));
    await vi.waitFor(() => expect(served).toBeDefined());
    expect(await served).toBe(true);
    expect(onThrow).not.toHaveBeenCalled();
  });
});
