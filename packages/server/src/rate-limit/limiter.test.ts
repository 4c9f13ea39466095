import { setTimeout as sleep } from "node:timers/promises";
import { createMemoryRateLimits, type RateLimitOptions, type RateLimits } from "@trellis/api/rate-limit";

import { afterAll, describe, expect, it } from "vitest";

import { createRedisRateLimits } from "./redis-limits";

// Small numbers and a one-second window (Redis keeps whole seconds), so a test can watch one pass.
const limits: RateLimitOptions["limits"] = {
  signUpsPerIp: { points: 3, durationSeconds: 1 },
  mutationsPerUser: { points: 2, durationSeconds: 60 },
};

const redisUrl = process.env.REDIS_URL;
const opened: RateLimits[] = [];
afterAll(() => Promise.all(opened.map((rateLimits) => rateLimits.close())));
const track = (rateLimits: RateLimits) => {
  opened.push(rateLimits);
  return rateLimits;
};
/** A prefix of its own per store, so runs (and parallel test files) sharing a Redis never meet. */
const freshPrefix = () => `trellis:test:rate-limit:${crypto.randomUUID()}`;

const stores: [string, () => Promise<RateLimits>][] = [["in-process", async () => createMemoryRateLimits({ limits })]];
if (redisUrl) {
  stores.push(["Redis", async () => track(await createRedisRateLimits(redisUrl, { prefix: freshPrefix(), limits }))]);
}

const spend = (rateLimits: RateLimits, times: number, key = "203.0.113.9") =>
  Promise.all(Array.from({ length: times }, () => rateLimits.consume("signUpsPerIp", key)));

describe.each(stores)("%s rate limits", (_, open) => {
  it("allow the limit's points, then refuse, saying how long to wait", async () => {
    const rateLimits = await open();
    expect(await spend(rateLimits, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(await rateLimits.consume("signUpsPerIp", "203.0.113.9")).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("count each key and each limit apart", async () => {
    const rateLimits = await open();
    await spend(rateLimits, 4, "198.51.100.1");
    expect(await rateLimits.consume("signUpsPerIp", "198.51.100.2")).toEqual({ allowed: true });
    expect(await rateLimits.consume("mutationsPerUser", "198.51.100.1")).toEqual({ allowed: true });
  });

  it("allow again once the window has passed", async () => {
    const rateLimits = await open();
    await spend(rateLimits, 4, "198.51.100.3");
    await sleep(1_100);
    expect(await rateLimits.consume("signUpsPerIp", "198.51.100.3")).toEqual({ allowed: true });
  });

  it("take a refund within the window, but give no bonus point in a fresh one", async () => {
    const rateLimits = await open();
    await spend(rateLimits, 3, "198.51.100.4");
    await rateLimits.refund("signUpsPerIp", "198.51.100.4");
    expect(await rateLimits.consume("signUpsPerIp", "198.51.100.4")).toEqual({ allowed: true });
    expect((await rateLimits.consume("signUpsPerIp", "198.51.100.4")).allowed).toBe(false);

    await rateLimits.refund("signUpsPerIp", "198.51.100.5"); // never charged: nothing to give back
    expect(await spend(rateLimits, 4, "198.51.100.5")).toContainEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("forget a key on reset", async () => {
    const rateLimits = await open();
    const user = "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a";
    await rateLimits.consume("mutationsPerUser", user);
    await rateLimits.consume("mutationsPerUser", user);
    expect((await rateLimits.consume("mutationsPerUser", user)).allowed).toBe(false);
    await rateLimits.reset("mutationsPerUser", user);
    expect(await rateLimits.consume("mutationsPerUser", user)).toEqual({ allowed: true });
  });

  it("let exactly the limit's points through a burst", async () => {
    const rateLimits = await open();
    const verdicts = await spend(rateLimits, 20, "198.51.100.6");
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(3);
  });
});

describe("in-process rate limits", () => {
  it("belong to their instance alone", async () => {
    const [a, b] = [createMemoryRateLimits({ limits }), createMemoryRateLimits({ limits })];
    await spend(a, 4);
    expect(await b.consume("signUpsPerIp", "203.0.113.9")).toEqual({ allowed: true });
  });
});

describe.runIf(redisUrl)("Redis rate limits across instances (needs REDIS_URL)", () => {
  it("are shared by every instance with the same prefix, and by no other", async () => {
    const prefix = freshPrefix();
    const url = redisUrl ?? "";
    const a = track(await createRedisRateLimits(url, { prefix, limits }));
    const b = track(await createRedisRateLimits(url, { prefix, limits }));
    const elsewhere = track(await createRedisRateLimits(url, { prefix: freshPrefix(), limits }));

    await spend(a, 2);
    expect(await b.consume("signUpsPerIp", "203.0.113.9")).toEqual({ allowed: true });
    expect(await a.consume("signUpsPerIp", "203.0.113.9")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await b.consume("signUpsPerIp", "203.0.113.9")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await elsewhere.consume("signUpsPerIp", "203.0.113.9")).toEqual({ allowed: true });
  });

  it("fail to open when Redis does not answer", async () => {
    await expect(createRedisRateLimits("redis://127.0.0.1:1")).rejects.toThrow();
  });
});
