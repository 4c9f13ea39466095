import { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

import { type Limit, type LimitName, RATE_LIMITS } from "./limits";

/** Whether an action may go ahead; when not, how long until it may. */
export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The rate limits of one app: every instance that shares them (through Redis)
 * counts against the same numbers. Keys are whatever the limit is per: an
 * address, a user id, an email.
 */
export interface RateLimits {
  /** Spends one of `key`'s points in `limit`; refused when none are left. */
  consume(limit: LimitName, key: string): Promise<RateLimitVerdict>;
  /** Gives back a point `consume` spent, e.g. for a sign-in that turned out right: only failures count. */
  refund(limit: LimitName, key: string): Promise<void>;
  /** Forgets what `key` spent in `limit`. */
  reset(limit: LimitName, key: string): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimitOptions {
  /** Other sizes for some limits: tests use small numbers and short windows. */
  limits?: Partial<Record<LimitName, Limit>>;
}

type Limiters = (name: LimitName) => RateLimiterAbstract;

/** One limiter per limit, made on first use. */
function limitersOf(make: (name: LimitName, limit: Limit) => RateLimiterAbstract, options: RateLimitOptions): Limiters {
  const made = new Map<LimitName, RateLimiterAbstract>();
  return (name) => {
    let limiter = made.get(name);
    if (!limiter) {
      limiter = make(name, options.limits?.[name] ?? RATE_LIMITS[name]);
      made.set(name, limiter);
    }
    return limiter;
  };
}

/** In this process only: the default, for one instance. */
export function createMemoryRateLimits(options: RateLimitOptions = {}): RateLimits {
  const limiters = limitersOf(
    (name, { points, durationSeconds }) =>
      new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }),
    options,
  );
  return rateLimitsOver(limiters, async () => {});
}

/**
 * Shared by every instance through Redis, under `prefix` (so apps sharing a
 * Redis never count each other's requests). Connects before resolving, so an
 * unreachable REDIS_URL fails at start. Should Redis drop later, each instance
 * counts in its own memory until it is back — limits per instance for a
 * while, rather than no sign-in at all.
 */
export async function createRedisRateLimits(
  url: string,
  { prefix = "trellis:rate-limit", ...options }: RateLimitOptions & { prefix?: string } = {},
): Promise<RateLimits> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  // Without a listener ioredis reports each failed reconnect as unhandled; say it once per failure, plainly.
  client.on("error", (error: Error) => console.error(`Rate limits: Redis: ${error.message}`));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect(); // else it keeps retrying in the background
    throw error;
  }
  const limiters = limitersOf(
    (name, { points, durationSeconds }) =>
      new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `${prefix}:${name}`,
        points,
        duration: durationSeconds,
        // While Redis is away, answer from memory at once instead of queueing behind reconnects.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }),
      }),
    options,
  );
  return rateLimitsOver(limiters, async () => {
    await client.quit();
  });
}

function rateLimitsOver(limiterOf: Limiters, close: () => Promise<void>): RateLimits {
  return {
    async consume(limit, key) {
      try {
        await limiterOf(limit).consume(key);
        return { allowed: true };
      } catch (rejection) {
        // A refusal is a RateLimiterRes; anything else is the store failing, not a verdict.
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
    },
    async refund(limit, key) {
      // Only within the window that was charged: a refund into a fresh window would be a bonus point.
      const spent = await limiterOf(limit).get(key);
      if (spent && spent.consumedPoints > 0) await limiterOf(limit).reward(key, 1);
    },
    async reset(limit, key) {
      await limiterOf(limit).delete(key);
    },
    close,
  };
}
