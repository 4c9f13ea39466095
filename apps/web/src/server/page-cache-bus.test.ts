import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { createMemoryBus, type EventBus, type TrellisEvent } from "@trellis/api/events";
import { createRedisBus } from "@trellis/server/events";
import { createLogger } from "@trellis/server/log";
import { afterEach, describe, expect, it } from "vitest";

import { CACHE_HEADER, createPageCache, type PageCache } from "./page-cache";
import { announceWrites, connectPageCache } from "./page-cache-bus";
import { contentSecurityPolicy, createNonce } from "./security-headers";

const log = createLogger({ level: "silent" });

let cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A signed-in writer's session cookie: only a request whose credentials sign someone in announces a write. */
const SIGNED_IN = { cookie: "authjs.session-token=abc" };
/** A session cookie that signs no one in: made up, expired, or signed with another secret. */
const FORGED = { cookie: "authjs.session-token=forged" };
/** Stands in for the app's context, which notes the viewer it finds: only the session "abc" signs anyone in. */
const signsIn = (req: IncomingMessage) => () => req.headers.cookie === SIGNED_IN.cookie;

function send(server: Server, path: string, method = "GET", headers: Record<string, string> = {}) {
  const { port } = server.address() as AddressInfo;
  return new Promise<{ status: number; cache: string | undefined; body: string }>((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path, method, headers, agent: false });
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, cache: response.headers[CACHE_HEADER] as string, body }),
      );
    });
    request.on("error", reject);
    request.end();
  });
}

const until = async (condition: () => boolean) => {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 400) throw new Error("condition never held");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/**
 * One instance: a page cache on `bus` in front of an app whose feed shows
 * `store.title`, and whose POST /write changes it (or answers `failWith`) —
 * the front door's part, as ./front-door.ts wires it.
 */
async function instance(bus: EventBus, store: { title: string; failWith?: number }) {
  const stop = new AbortController();
  const cache = connectPageCache(async () => bus, log, { signal: stop.signal });
  cleanups.push(() => stop.abort());
  const server = createServer((req, res) => {
    announceWrites(req, res, { cache, events: async () => bus, log, foundViewer: signsIn(req) });
    void cache.answer(req, res, () => {
      if (req.method === "POST") {
        res.statusCode = store.failWith ?? 200;
        if (!store.failWith) store.title = "changed";
        res.end("ok");
        return;
      }
      const nonce = createNonce();
      res.setHeader("content-type", "text/html");
      res.setHeader("content-security-policy", contentSecurityPolicy(nonce, "production"));
      res.end(`<script nonce="${nonce}"></script>${store.title}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  await until(() => cache.isOpen);
  return { server, cache };
}

const redisUrl = process.env.REDIS_URL;
/** How two instances open their buses: in process they share one; through Redis each has its own, on one stream. */
const buses: [string, () => Promise<[EventBus, EventBus]>][] = [
  [
    "in-process",
    async () => {
      const bus = createMemoryBus();
      return [bus, bus];
    },
  ],
];
if (redisUrl) {
  buses.push([
    "redis",
    async () => {
      const stream = `trellis:test:${crypto.randomUUID()}`;
      return [await createRedisBus(redisUrl, { stream }), await createRedisBus(redisUrl, { stream })];
    },
  ]);
}

describe.each(buses)("the page cache on the %s event bus", (_, openTwo) => {
  async function twoInstances() {
    // Two instances share a database (`store`) and the bus.
    const [busA, busB] = await openTwo();
    cleanups.push(
      () => busA.close(),
      () => busB.close(),
    );
    const store = { title: "before" };
    return { store, a: await instance(busA, store), b: await instance(busB, store) };
  }

  it("forgets its pages when any event arrives: every event is a write", async () => {
    const [bus, other] = await openTwo();
    cleanups.push(
      () => bus.close(),
      () => other.close(),
    );
    const { server, cache } = await instance(bus, { title: "x" });
    await send(server, "/");
    expect(cache.size).toBe(1);
    await bus.publish({ type: "content.changed" } satisfies TrellisEvent);
    await until(() => cache.size === 0);
  });

  it("empties another instance's cache once that instance hears the write, and it renders the change", async () => {
    const { store, a, b } = await twoInstances();
    expect((await send(b.server, "/")).cache).toBe("miss");
    expect(await send(b.server, "/")).toMatchObject({ cache: "hit", body: expect.stringContaining("before") });

    expect((await send(a.server, "/write", "POST", SIGNED_IN)).status).toBe(200);
    expect(store.title).toBe("changed");
    // On the bus before A's answer ended; B hears it when its own reading brings it (Redis: its next XREAD).
    await until(() => b.cache.size === 0);
    expect(await send(b.server, "/")).toMatchObject({ cache: "miss", body: expect.stringContaining("changed") });
    expect(await send(b.server, "/")).toMatchObject({ cache: "hit", body: expect.stringContaining("changed") });
  });
});

/** An in-process bus that remembers what was published on it. */
function recordingBus() {
  const bus = createMemoryBus();
  const published: TrellisEvent[] = [];
  const recording: EventBus = {
    ...bus,
    publish(event) {
      published.push(event);
      return bus.publish(event);
    },
  };
  return { recording, published };
}

describe("announcing writes", () => {
  it("empties the writer's own cache before the writer has its answer, and publishes content.changed", async () => {
    const { recording, published } = recordingBus();
    const store = { title: "before" };
    const { server, cache } = await instance(recording, store);
    await send(server, "/");
    expect(cache.size).toBe(1);
    await send(server, "/write", "POST", SIGNED_IN);
    expect(cache.size).toBe(0);
    expect(published).toEqual([{ type: "content.changed" }]);
  });

  it("announces nothing for a read, nor for any anonymous request: none can change a public page", async () => {
    const { recording, published } = recordingBus();
    const store = { title: "before" };
    const { server, cache } = await instance(recording, store);
    await send(server, "/");
    await send(server, "/", "HEAD");
    // As an anonymous sign-out, answered with a redirect: it must not empty every instance's cache.
    expect((await send(server, "/write", "POST")).status).toBe(200);
    expect((await send(server, "/write", "DELETE", { cookie: "authjs.csrf-token=x" })).status).toBe(200);
    expect(published).toEqual([]);
    expect(cache.size).toBe(1);
  });

  it("announces nothing for credentials that sign no one in: a forged cookie cannot empty every cache", async () => {
    const { recording, published } = recordingBus();
    const { server, cache } = await instance(recording, { title: "before" });
    await send(server, "/");
    expect((await send(server, "/write", "POST", FORGED)).status).toBe(200);
    expect((await send(server, "/write", "POST", { authorization: "Bearer trl_made_up" })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50)); // "close" has come and gone
    expect(published).toEqual([]);
    expect(cache.size).toBe(1);
  });

  it("announces nothing for a signed-in write refused with a 4xx: it changed nothing", async () => {
    const { recording, published } = recordingBus();
    const { server, cache } = await instance(recording, { title: "before", failWith: 429 });
    await send(server, "/");
    expect((await send(server, "/write", "POST", SIGNED_IN)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(published).toEqual([]);
    expect(cache.size).toBe(1);
  });

  it("announces a signed-in write that failed when its response closes: it may have committed first", async () => {
    const { recording, published } = recordingBus();
    const store: { title: string; failWith?: number } = { title: "before", failWith: 500 };
    const { server, cache } = await instance(recording, store);
    await send(server, "/");
    expect((await send(server, "/write", "POST", SIGNED_IN)).status).toBe(500);
    await until(() => published.length === 1);
    expect(published).toEqual([{ type: "content.changed" }]);
    expect(cache.size).toBe(0);
  });

  it("announces a signed-in write whose client hung up before the answer", async () => {
    const { recording, published } = recordingBus();
    const cache = createPageCache();
    cache.setOpen(true);
    const closed = new Promise<void>((resolve) => {
      const server = createServer((req, res) => {
        announceWrites(req, res, { cache, events: async () => recording, log, foundViewer: signsIn(req) });
        // The write commits; the answer never comes (as Next's pipe giving up on a gone client).
        res.once("close", () => resolve());
      });
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        const request = httpRequest({ host: "127.0.0.1", port, path: "/write", method: "POST", headers: SIGNED_IN });
        request.on("error", () => {}); // the hang-up below
        request.end();
        setTimeout(() => request.destroy(), 50);
      });
      cleanups.push(() => new Promise((done) => server.close(done)));
    });
    await closed;
    await until(() => published.length === 1);
    expect(published).toEqual([{ type: "content.changed" }]);
  });

  it("still ends the response when the bus cannot publish, and says so in the log", async () => {
    const lines: Record<string, unknown>[] = [];
    const recordingLog = createLogger({
      level: "error",
      destination: { write: (line: string) => lines.push(JSON.parse(line)) },
    });
    const cache: PageCache = createPageCache();
    const server = createServer((req, res) => {
      announceWrites(req, res, {
        cache,
        events: async () => Promise.reject(new Error("Redis is down")),
        log: recordingLog,
        foundViewer: signsIn(req),
      });
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    expect((await send(server, "/write", "POST", SIGNED_IN)).body).toBe("ok");
    expect(lines.map((line) => line.msg)).toEqual(["Page cache: announcing a write on the event bus failed"]);
  });

  it("answers the writer without the announcement when the bus hangs past the wait, and warns", async () => {
    const lines: Record<string, unknown>[] = [];
    const recordingLog = createLogger({
      level: "warn",
      destination: { write: (line: string) => lines.push(JSON.parse(line)) },
    });
    const hung: EventBus = { ...createMemoryBus(), publish: () => new Promise<string>(() => {}) };
    const cache = createPageCache();
    const server = createServer((req, res) => {
      announceWrites(req, res, {
        cache,
        events: async () => hung,
        log: recordingLog,
        foundViewer: signsIn(req),
        publishWaitMs: 100,
      });
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    expect((await send(server, "/write", "POST", SIGNED_IN)).body).toBe("ok");
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: expect.stringContaining("took over 100 ms to announce a write") }),
    ]);
  });
});

describe("the page cache while the bus cannot read the shared log", () => {
  it("closes while the bus says it is not reading, forgetting its pages, and opens again when it reads", async () => {
    const memory = createMemoryBus();
    let tell: (reading: boolean) => void = () => {};
    const bus: EventBus = { ...memory, watchReading: (listener) => (tell = listener) };
    const { server, cache } = await instance(bus, { title: "x" });
    await send(server, "/");
    expect(cache.size).toBe(1);
    tell(false);
    expect(cache.isOpen).toBe(false);
    expect(cache.size).toBe(0);
    expect((await send(server, "/")).cache).toBe("bypass");
    tell(true);
    expect(cache.isOpen).toBe(true);
    expect((await send(server, "/")).cache).toBe("miss");
  });

  it("stays closed once its subscription ended, whatever the bus's reading says later", async () => {
    const memory = createMemoryBus();
    let tell: (reading: boolean) => void = () => {};
    const bus: EventBus = { ...memory, watchReading: (listener) => (tell = listener) };
    const stop = new AbortController();
    const cache = connectPageCache(async () => bus, log, { signal: stop.signal });
    await until(() => cache.isOpen);
    stop.abort();
    await until(() => !cache.isOpen);
    tell(true);
    expect(cache.isOpen).toBe(false);
  });
});
