import { createServer, request as httpRequest, type Server } from "node:http";
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

function send(server: Server, path: string, method = "GET") {
  const { port } = server.address() as AddressInfo;
  return new Promise<{ status: number; cache: string | undefined; body: string }>((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path, method, agent: false });
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
    announceWrites(req, res, { cache, events: async () => bus, log });
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
  await until(() => isOpen(cache));
  return { server, cache };
}

/** Open once a signed-out read of a page it never saw is a miss, not a bypass. */
function isOpen(cache: PageCache) {
  let verdict: unknown;
  const res = { setHeader: (_: string, value: unknown) => (verdict = value) };
  void cache.answer({ method: "HEAD", url: "/", headers: {} } as never, res as never, () => {});
  return verdict === "miss";
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
    await bus.publish({ type: "like.changed", postId: "p", likeCount: 1 } satisfies TrellisEvent);
    await until(() => cache.size === 0);
  });

  it("shows a write made on one instance to a signed-out reader of another once the writer has its answer", async () => {
    const { store, a, b } = await twoInstances();
    expect((await send(b.server, "/")).cache).toBe("miss");
    expect(await send(b.server, "/")).toMatchObject({ cache: "hit", body: expect.stringContaining("before") });

    expect((await send(a.server, "/write", "POST")).status).toBe(200);
    expect(store.title).toBe("changed");
    // Announced before A's answer ended; B's Redis reader needs its round trip at most.
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
    await send(server, "/write", "POST");
    expect(cache.size).toBe(0);
    expect(published).toEqual([{ type: "content.changed" }]);
  });

  it("announces nothing for a read, nor for a write refused or failed", async () => {
    const { recording, published } = recordingBus();
    const store: { title: string; failWith?: number } = { title: "before", failWith: 403 };
    const { server, cache } = await instance(recording, store);
    await send(server, "/");
    await send(server, "/", "HEAD");
    expect((await send(server, "/write", "POST")).status).toBe(403);
    store.failWith = 500;
    expect((await send(server, "/write", "POST")).status).toBe(500);
    expect(published).toEqual([]);
    expect(cache.size).toBe(1);
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
      });
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    expect((await send(server, "/write", "POST")).body).toBe("ok");
    expect(lines.map((line) => line.msg)).toEqual(["Page cache: announcing a write on the event bus failed"]);
  });
});
