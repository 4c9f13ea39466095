import {
  compareEventIds,
  createMemoryBus,
  type EventBus,
  type StoredEvent,
  type TrellisEvent,
} from "@trellis/api/events";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";

import { createRedisBus } from "./redis-bus";

/**
 * Numbered events: each publish of the one event every app has (`content.changed`) is known by the id the
 * bus gives it, the same on every instance, so order and identity are checked without a payload of its own.
 */
const numbers = new Map<string, number>();
async function publishNumbered(bus: EventBus, n: number): Promise<string> {
  const id = await bus.publish({ type: "content.changed" });
  numbers.set(id, n);
  return id;
}
const numbered = (events: StoredEvent[]) => events.map(({ id }) => numbers.get(id) ?? -1);

/** Collects what a subscription yields until `count` arrived (or fails after a while), then stops it. */
function collect(bus: EventBus, count: number, after?: string | null) {
  const controller = new AbortController();
  const received: StoredEvent[] = [];
  let ready!: () => void;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const done = (async () => {
    const iterator = bus.subscribe({ after, signal: controller.signal })[Symbol.asyncIterator]();
    // The subscription listens from its first pull: start it, then let the test publish.
    const first = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    ready();
    const timeout = setTimeout(() => controller.abort(), 5_000);
    for (let next = await first; !next.done; next = await iterator.next()) {
      received.push(next.value);
      if (received.length === count) break;
    }
    clearTimeout(timeout);
    controller.abort();
    await iterator.return?.();
    return received;
  })();
  return { started, done, stop: () => controller.abort() };
}

const redisUrl = process.env.REDIS_URL;
const buses: [string, () => Promise<EventBus>][] = [["in-process", async () => createMemoryBus()]];
if (redisUrl) buses.push(["redis", () => createRedisBus(redisUrl, { stream: `trellis:test:${crypto.randomUUID()}` })]);

describe.each(buses)("the %s event bus", (kind, open) => {
  it("delivers every event to every subscriber, in publish order", async () => {
    const bus = await open();
    const a = collect(bus, 5);
    const b = collect(bus, 5);
    await Promise.all([a.started, b.started]);
    for (let n = 1; n <= 5; n++) await publishNumbered(bus, n);
    expect(numbered(await a.done)).toEqual([1, 2, 3, 4, 5]);
    expect(numbered(await b.done)).toEqual([1, 2, 3, 4, 5]);
    await bus.close();
  });

  it("carries an event as it was published", async () => {
    const bus = await open();
    const received = collect(bus, 1);
    await received.started;
    const sent: TrellisEvent = { type: "content.changed" };
    const id = await bus.publish(sent);
    expect(await received.done).toEqual([{ id, event: sent }]);
    await bus.close();
  });

  it("carries every kind of event as it was published, Dates as Dates", async () => {
    const at = new Date("2026-12-03T09:30:00.000Z");
    const author = { id: "u", name: "Ada" };
    const comment = { id: "c", postId: "p", body: "Hi", createdAt: at, author };
    const sent: TrellisEvent[] = [
      {
        type: "post.created",
        post: {
          id: "p",
          title: "T",
          body: "B",
          createdAt: at,
          updatedAt: at,
          author,
          likeCount: 0,
          commentCount: 0,
          viewerHasLiked: false,
        },
      },
      { type: "post.updated", post: { id: "p", title: "T2", body: "B2", updatedAt: at } },
      { type: "comment.created", comment, commentCount: 1 },
      { type: "comment.updated", comment: { ...comment, body: "Hi again" } },
      { type: "comment.deleted", id: "c", postId: "p", commentCount: 0 },
      { type: "post.deleted", id: "p" },
      { type: "content.changed" },
    ];
    const bus = await open();
    const received = collect(bus, sent.length);
    await received.started;
    for (const event of sent) await bus.publish(event);
    expect((await received.done).map(({ event }) => event)).toEqual(sent);
    await bus.close();
  });

  it("answers a ping while it can deliver (the readiness check asks), and not once closed if it is Redis", async () => {
    const bus = await open();
    await expect(bus.ping()).resolves.toBeUndefined();
    await bus.close();
    if (kind === "redis") await expect(bus.ping()).rejects.toThrow();
  });

  it("gives ids that grow with each event", async () => {
    const bus = await open();
    const ids = [];
    for (let n = 0; n < 50; n++) ids.push(await publishNumbered(bus, n));
    for (let i = 1; i < ids.length; i++) expect(compareEventIds(ids[i - 1] ?? "", ids[i] ?? "")).toBeLessThan(0);
    await bus.close();
  });

  it("stops delivering once unsubscribed", async () => {
    const bus = await open();
    const watcher = collect(bus, 10);
    await watcher.started;
    await publishNumbered(bus, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    watcher.stop();
    const received = await watcher.done;
    await publishNumbered(bus, 2);
    expect(numbered(received)).toEqual([1]);
    await bus.close();
  });

  it("resumes after an id: what was missed, then live events, each exactly once", async () => {
    const bus = await open();
    const seen = await publishNumbered(bus, 1);
    await publishNumbered(bus, 2);
    await publishNumbered(bus, 3);
    const resumed = collect(bus, 4, seen);
    await resumed.started;
    await publishNumbered(bus, 4);
    await publishNumbered(bus, 5);
    expect(numbered(await resumed.done)).toEqual([2, 3, 4, 5]);
    await bus.close();
  });

  it("loses nothing published while a resuming subscriber replays", async () => {
    const bus = await open();
    const seen = await publishNumbered(bus, 0);
    for (let n = 1; n <= 20; n++) await publishNumbered(bus, n);
    const resumed = collect(bus, 40, seen);
    // No waiting for `started`: these race the replay.
    const racing = (async () => {
      for (let n = 21; n <= 40; n++) await publishNumbered(bus, n);
    })();
    await racing;
    expect(numbered(await resumed.done)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    await bus.close();
  });
});

describe.runIf(redisUrl)("the Redis bus across instances (needs REDIS_URL)", () => {
  it("delivers what one instance publishes to another's subscribers, and resumes there", async () => {
    const stream = `trellis:test:${crypto.randomUUID()}`;
    const [a, b] = [await createRedisBus(redisUrl ?? "", { stream }), await createRedisBus(redisUrl ?? "", { stream })];
    const onB = collect(b, 2);
    await onB.started;
    const first = await publishNumbered(a, 1);
    await publishNumbered(a, 2);
    expect(numbered(await onB.done)).toEqual([1, 2]);

    const resumedOnB = collect(b, 1, first);
    expect(numbered(await resumedOnB.done)).toEqual([2]);
    await Promise.all([a.close(), b.close()]);
  });

  it("tells its watchers when its reading of the stream fails, and when it reads again", async () => {
    const stream = `trellis:test:${crypto.randomUUID()}`;
    const bus = await createRedisBus(redisUrl ?? "", { stream });
    const redis = new Redis(redisUrl ?? "");
    const heard: boolean[] = [];
    bus.watchReading?.((reading) => heard.push(reading));
    const until = async (length: number) => {
      for (let waited = 0; heard.length < length && waited < 12_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    // A key of another type where the stream should be: every read fails, as when Redis cannot be read.
    await redis.set(stream, "not a stream");
    await until(1);
    expect(heard).toEqual([false]);
    await redis.del(stream);
    await publishNumbered(bus, 1);
    await until(2);
    expect(heard).toEqual([false, true]);
    await Promise.all([bus.close(), redis.quit()]);
  }, 30_000);

  it("fails to open when Redis does not answer", async () => {
    await expect(createRedisBus("redis://127.0.0.1:1", { stream: "unused" })).rejects.toThrow();
  });
});
