import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { type AddressInfo, connect } from "node:net";
import { gunzipSync } from "node:zlib";

import { afterEach, describe, expect, it } from "vitest";

import {
  CACHE_HEADER,
  createPageCache,
  isSignedOutDocumentRead,
  MAX_WAIT_FOR_RENDER_MS,
  type PageCacheOptions,
  pageKeyOf,
} from "./page-cache";
import { noteDegraded, noteViewer, requestScope } from "./request-scope";
import { contentSecurityPolicy, createNonce } from "./security-headers";

const POST_PATH = "/posts/0192d4e0-7a5b-7c3d-8e9f-0a1b2c3d4e5f";

interface Answer {
  status: number;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

function send(server: Server, path: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  const { port } = server.address() as AddressInfo;
  return new Promise<Answer>((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path, agent: false, ...options });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.on("error", reject);
    request.end();
  });
}

/** The nonce a response's CSP names, and every nonce its body carries. */
function noncesOf(answer: Answer) {
  const csp = String(answer.headers["content-security-policy"]);
  const inCsp = [...csp.matchAll(/'nonce-([^']+)'/g)].map((match) => match[1]);
  const inBody = [...answer.body.toString().matchAll(/nonce="([^"]+)"/g)].map((match) => match[1]);
  return { inCsp, inBody };
}

interface Render {
  status?: number;
  setCookie?: boolean;
  withNonce?: boolean;
  /** Resolves when the render may finish: lets a test invalidate while it runs. */
  until?: Promise<void>;
  degraded?: boolean;
  /** The viewer the render found, as the app's context notes it. */
  viewer?: string;
  padding?: number;
}

/**
 * Stands in for Next: renders a page whose two scripts and one style carry the
 * response's nonce (as Next stamps them), streamed in pieces; counts renders
 * and records the Accept-Encoding each was asked with.
 */
function nextLike(render: () => Render) {
  const seen = { renders: 0, acceptEncoding: [] as (string | undefined)[] };
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const { status = 200, setCookie, withNonce = true, until, degraded, viewer, padding = 0 } = render();
    seen.renders += 1;
    seen.acceptEncoding.push(req.headers["accept-encoding"]);
    const nonce = createNonce();
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.setHeader("content-security-policy", contentSecurityPolicy(nonce, "production"));
    res.setHeader("vary", "rsc, next-router-state-tree");
    if (setCookie) res.setHeader("set-cookie", "a=b");
    if (degraded) noteDegraded();
    if (viewer) noteViewer(viewer);
    res.writeHead(status);
    const attribute = withNonce ? ` nonce="${nonce}"` : "";
    res.write(`<html><head><script${attribute}>1</script><style${attribute}></style></head>`);
    await until;
    res.write(`<body>${req.url} ${"x".repeat(padding)}<script${attribute}>self.__next_f.push([1])</script>`);
    res.end("</body></html>");
  };
  return { handler, seen };
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
});

async function cachedServer(render: () => Render = () => ({}), options: PageCacheOptions = {}) {
  const cache = createPageCache(options);
  cache.setOpen(true);
  const next = nextLike(render);
  const server = createServer((req, res) => {
    // As the front door: the request runs in its scope.
    const scope = { requestId: "r", clientIp: null, userId: null };
    void requestScope().run(scope, () => cache.answer(req, res, () => next.handler(req, res)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { server, cache, seen: next.seen };
}

const request = (headers: Record<string, string> = {}, method = "GET", url = "/") =>
  ({ method, url, headers }) as unknown as IncomingMessage;

describe("which requests the page cache may answer", () => {
  it("keys a GET or HEAD of the feed or a post by its path, and nothing else", () => {
    expect(pageKeyOf(request())).toBe("/");
    expect(pageKeyOf(request({}, "HEAD"))).toBe("/");
    expect(pageKeyOf(request({}, "GET", POST_PATH))).toBe(POST_PATH);
    for (const [method, url] of [
      ["POST", "/"],
      ["GET", "/?_rsc=abc"],
      ["GET", "/?page=2"],
      ["GET", "/settings"],
      ["GET", "/api/trpc/post.list"],
      ["GET", "/posts/nope"],
      ["GET", `${POST_PATH}/x`],
    ]) {
      expect(pageKeyOf(request({}, method, url))).toBeNull();
    }
  });

  it("shares a page with a signed-out reader, whatever other cookies they send", () => {
    expect(isSignedOutDocumentRead(request())).toBe(true);
    // Auth.js's CSRF token, set on the sign-in page, is no session.
    expect(isSignedOutDocumentRead(request({ cookie: "authjs.csrf-token=abc; theme=dark" }))).toBe(true);
  });

  it.each([
    ["a session cookie", request({ cookie: "authjs.session-token=abc" })],
    ["a secure session cookie", request({ cookie: "a=b; __Secure-authjs.session-token=abc" })],
    ["a chunked session cookie", request({ cookie: "authjs.session-token.0=abc" })],
    // Auth.js trims the space around a cookie's name: each of these signs in.
    ["a session cookie with a space before its =", request({ cookie: "authjs.session-token =abc" })],
    ["a session cookie with a tab before its =", request({ cookie: "a=b;\tauthjs.session-token\t=abc" })],
    ["a secure session cookie with spaces", request({ cookie: "a=b; __Secure-authjs.session-token.0 = abc" })],
    ["an Authorization header", request({ authorization: "Bearer trl_x" })],
    ["a client navigation (RSC)", request({ rsc: "1" })],
    ["a router prefetch", request({ "next-router-prefetch": "1" })],
    ["a router state tree", request({ "next-router-state-tree": "%5B%5D" })],
    ["a server action's id", request({ "next-action": "abc" })],
  ])("does not share a page with a read carrying %s", (_, req) => {
    expect(isSignedOutDocumentRead(req)).toBe(false);
  });
});

describe("the page cache", () => {
  it("renders the first signed-out read, answers the next from the cache, with a fresh nonce each time", async () => {
    const { server, seen } = await cachedServer();
    const first = await send(server, "/");
    const second = await send(server, "/");
    const third = await send(server, "/");
    expect([first, second, third].map((answer) => answer.headers[CACHE_HEADER])).toEqual(["miss", "hit", "hit"]);
    expect(seen.renders).toBe(1);

    const nonces = [first, second, third].map(noncesOf);
    for (const { inCsp, inBody } of nonces) {
      // The CSP names one nonce (for scripts and styles), and every script and style in the body carries it.
      expect(new Set(inCsp).size).toBe(1);
      expect(inBody).toHaveLength(3);
      expect(new Set(inBody)).toEqual(new Set(inCsp));
    }
    expect(new Set(nonces.map(({ inCsp }) => inCsp[0])).size).toBe(3);
    // The rest of the page is the page as rendered.
    const withoutNonces = (answer: Answer) => answer.body.toString().replaceAll(/nonce="[^"]+"/g, "");
    expect(withoutNonces(second)).toBe(withoutNonces(first));
    expect(second.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(second.headers["content-length"]).toBe(String(second.body.length));
  });

  it("keeps a page per path", async () => {
    const { server, seen } = await cachedServer();
    await send(server, "/");
    await send(server, POST_PATH);
    const post = await send(server, POST_PATH);
    expect(post.headers[CACHE_HEADER]).toBe("hit");
    expect(post.body.toString()).toContain(POST_PATH);
    expect(seen.renders).toBe(2);
  });

  it("says nothing on any other request", async () => {
    const { server } = await cachedServer();
    for (const path of ["/settings", "/?page=2"]) {
      const answer = await send(server, path);
      expect(answer.headers[CACHE_HEADER]).toBeUndefined();
    }
  });

  it("asks the render for plain bytes and compresses from the cache when the client accepts gzip", async () => {
    const { server, seen } = await cachedServer();
    const gzip = { "accept-encoding": "gzip, deflate, br" };
    const miss = await send(server, "/", { headers: gzip });
    expect(seen.acceptEncoding).toEqual([undefined]);
    expect(miss.headers["content-encoding"]).toBeUndefined();

    const hit = await send(server, "/", { headers: gzip });
    expect(hit.headers[CACHE_HEADER]).toBe("hit");
    expect(hit.headers["content-encoding"]).toBe("gzip");
    expect(hit.headers.vary).toBe("rsc, next-router-state-tree, Accept-Encoding");
    const page = gunzipSync(hit.body).toString();
    expect(page).toContain("self.__next_f.push");
    expect(page).toContain(`nonce="${noncesOf(hit).inCsp[0]}"`);

    const plain = await send(server, "/");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toContain("self.__next_f.push");
  });

  it("answers HEAD from the cache with the headers only, compressing nothing to measure them", async () => {
    const { server, seen } = await cachedServer();
    // A HEAD that finds nothing is rendered, and nothing is kept: it says bypass, not miss.
    expect((await send(server, "/", { method: "HEAD" })).headers[CACHE_HEADER]).toBe("bypass");
    await send(server, "/");
    const head = await send(server, "/", { method: "HEAD" });
    expect(head.headers[CACHE_HEADER]).toBe("hit");
    expect(head.body.length).toBe(0);
    expect(Number(head.headers["content-length"])).toBeGreaterThan(0);
    const gzipped = await send(server, "/", { method: "HEAD", headers: { "accept-encoding": "gzip" } });
    expect(gzipped.headers[CACHE_HEADER]).toBe("hit");
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers["content-length"]).toBeUndefined();
    expect(seen.renders).toBe(2);
  });

  it("refuses gzip named with q=0 even when * would take it", async () => {
    const { server } = await cachedServer();
    await send(server, "/");
    const hit = await send(server, "/", { headers: { "accept-encoding": "gzip;q=0, *" } });
    expect(hit.headers[CACHE_HEADER]).toBe("hit");
    expect(hit.headers["content-encoding"]).toBeUndefined();
    expect(hit.body.toString()).toContain("self.__next_f.push");
  });

  it("never answers a signed-in reader from the cache, nor keeps their page", async () => {
    const { server, seen } = await cachedServer();
    const signedIn = { cookie: "authjs.session-token=abc" };
    expect((await send(server, "/", { headers: signedIn })).headers[CACHE_HEADER]).toBe("bypass");
    expect((await send(server, "/")).headers[CACHE_HEADER]).toBe("miss");
    expect((await send(server, "/", { headers: signedIn })).headers[CACHE_HEADER]).toBe("bypass");
    expect((await send(server, "/", { headers: { authorization: "Bearer trl_x" } })).headers[CACHE_HEADER]).toBe(
      "bypass",
    );
    expect(seen.renders).toBe(4);
    // The signed-out page is still the one kept: no signed-in render replaced it.
    expect((await send(server, "/")).headers[CACHE_HEADER]).toBe("hit");
    expect(seen.renders).toBe(4);
  });

  it.each<[string, Render]>([
    ["a status other than 200", { status: 404 }],
    ["a page that sets a cookie", { setCookie: true }],
    ["a page whose scripts carry no nonce", { withNonce: false }],
    ["a page rendered while its reader was refused something (a rate limit)", { degraded: true }],
    // The last line of defence: whatever the request looked like, a render that found a viewer was theirs.
    ["a page whose render found a viewer", { viewer: "user-1" }],
  ])("does not keep %s", async (_, render) => {
    const { server, seen } = await cachedServer(() => render);
    await send(server, "/");
    expect((await send(server, "/")).headers[CACHE_HEADER]).toBe("miss");
    expect(seen.renders).toBe(2);
  });

  it("forgets every page when invalidated", async () => {
    const { server, cache } = await cachedServer();
    await send(server, "/");
    await send(server, POST_PATH);
    expect(cache.size).toBe(2);
    cache.invalidate();
    expect(cache.size).toBe(0);
    expect((await send(server, "/")).headers[CACHE_HEADER]).toBe("miss");
  });

  it("does not keep a page whose render began before an invalidation", async () => {
    let finish!: () => void;
    const slow = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let first = true;
    const { server, cache, seen } = await cachedServer(() => {
      if (!first) return {};
      first = false;
      return { until: slow };
    });
    const stale = send(server, "/");
    await until(() => seen.renders === 1);
    cache.invalidate(); // a write lands while the render still runs: what it read may be gone
    finish();
    expect((await stale).headers[CACHE_HEADER]).toBe("miss");
    expect(cache.size).toBe(0);
    expect((await send(server, "/")).headers[CACHE_HEADER]).toBe("miss");
    expect((await send(server, "/")).headers[CACHE_HEADER]).toBe("hit");
  });

  it("has readers who miss while the page renders wait for that render, not render it again", async () => {
    const gate = opened();
    const { server, seen } = await cachedServer(() => ({ until: gate.promise }));
    const readers = [send(server, "/"), send(server, "/"), send(server, "/")];
    await until(() => seen.renders === 1);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the others have arrived, and wait
    gate.open();
    const answers = await Promise.all(readers);
    expect(answers.map((answer) => answer.headers[CACHE_HEADER]).sort()).toEqual(["hit", "hit", "miss"]);
    expect(seen.renders).toBe(1);
    expect(new Set(answers.map((answer) => noncesOf(answer).inCsp[0])).size).toBe(3);
  });

  it("has waiting readers go on once the render ends its page, not once its slow reader has read it", async () => {
    const gate = opened();
    // Far more than a socket's buffers hold: the first reader's response cannot finish while it reads nothing.
    const { server, seen } = await cachedServer(() => ({ until: gate.promise, padding: 8 * 1024 * 1024 }));
    const { port } = server.address() as AddressInfo;
    const slow = connect(port, "127.0.0.1", () => slow.write("GET / HTTP/1.1\r\nhost: x\r\n\r\n"));
    slow.pause(); // reads nothing
    await until(() => seen.renders === 1);
    const waiting = send(server, "/");
    await new Promise((resolve) => setTimeout(resolve, 50)); // it has arrived, and waits
    gate.open();
    const answer = await waiting;
    expect(answer.headers[CACHE_HEADER]).toBe("hit");
    expect(seen.renders).toBe(1);
    slow.destroy();
  });

  it(`has a reader wait at most ${MAX_WAIT_FOR_RENDER_MS} ms for a render that stalls, then render their own`, async () => {
    const stalled = opened();
    let first = true;
    const { server, seen } = await cachedServer(() => {
      if (!first) return {};
      first = false;
      return { until: stalled.promise };
    });
    const stuck = send(server, "/");
    await until(() => seen.renders === 1);
    const started = Date.now();
    const answer = await send(server, "/");
    expect(answer.headers[CACHE_HEADER]).toBe("miss");
    expect(seen.renders).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(MAX_WAIT_FOR_RENDER_MS - 50);
    stalled.open();
    await stuck;
  });

  it("has waiting readers render their own page when the render they waited for was unfit to share", async () => {
    const gate = opened();
    let first = true;
    const { server, seen } = await cachedServer(() => {
      if (!first) return {};
      first = false;
      return { until: gate.promise, degraded: true };
    });
    const readers = [send(server, "/"), send(server, "/")];
    await until(() => seen.renders === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    gate.open();
    const answers = await Promise.all(readers);
    expect(answers.map((answer) => answer.headers[CACHE_HEADER])).toEqual(["miss", "miss"]);
    expect(seen.renders).toBe(2);
  });

  it("on a write during a render: readers who came before it share the render, readers after it wait for a new one", async () => {
    const gate = opened();
    let renders = 0;
    const { server, cache } = await cachedServer(() => {
      renders += 1;
      // The render before the write shows "before"; the one after, "after".
      return renders === 1 ? { until: gate.promise } : { padding: 1 };
    });
    const before = [send(server, "/"), send(server, "/")];
    await until(() => renders === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    cache.invalidate(); // the write is answered while the first render runs
    const after = [send(server, "/"), send(server, "/")];
    await until(() => renders === 2);
    gate.open();
    const [first, shared] = await Promise.all(before);
    const [next, waited] = await Promise.all(after);
    expect([first, shared, next, waited].map((answer) => answer?.headers[CACHE_HEADER])).toEqual([
      "miss",
      "hit",
      "miss",
      "hit",
    ]);
    expect(renders).toBe(2);
    // Only the render that began after the write is kept: the next reader gets it.
    const later = await send(server, "/");
    expect(later.headers[CACHE_HEADER]).toBe("hit");
    expect(later.body.toString()).toContain("/ x<"); // the second render's padding
    expect(shared?.body.toString()).not.toContain("/ x<");
    expect(cache.size).toBe(1);
  });

  it("keeps at most maxPages pages, forgetting the least recently read", async () => {
    const { server, cache } = await cachedServer(() => ({}), { maxPages: 2 });
    const other = POST_PATH.replace(/5f$/, "60");
    await send(server, "/");
    await send(server, POST_PATH);
    await send(server, "/"); // read again: the post is now the least recently read
    await send(server, other);
    expect(cache.size).toBe(2);
    expect((await send(server, "/")).headers[CACHE_HEADER]).toBe("hit");
    expect((await send(server, POST_PATH)).headers[CACHE_HEADER]).toBe("miss");
  });

  it("keeps at most maxBytes of pages, and no page larger than that", async () => {
    let padding = 0;
    const { server, cache } = await cachedServer(() => ({ padding }), { maxBytes: 2_000 });
    padding = 5_000;
    await send(server, "/");
    expect(cache.size).toBe(0);
    padding = 600;
    await send(server, "/");
    await send(server, POST_PATH);
    await send(server, POST_PATH.replace(/5f$/, "60"));
    expect(cache.size).toBe(2); // three pages of ~800 bytes do not fit in 2,000
  });

  it("answers nothing and keeps nothing while closed (before the event bus listens)", async () => {
    const { server, cache } = await cachedServer();
    await send(server, "/");
    cache.setOpen(false);
    expect(cache.size).toBe(0);
    expect((await send(server, "/")).headers[CACHE_HEADER]).toBe("bypass");
    expect((await send(server, "/")).headers[CACHE_HEADER]).toBe("bypass");
    expect(cache.size).toBe(0);
  });
});

/** A promise the test resolves when it chooses: a render that finishes when the test lets it. */
function opened() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

async function until(condition: () => boolean) {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 200) throw new Error("condition never held");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
