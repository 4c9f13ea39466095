import { type RateLimitOptions, type RateLimits, rateLimitsOf } from "@trellis/api/rate-limit";
import { traceRedis } from "@trellis/jobs/spans";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { logger } from "../log";

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
  client.on("error", (error: Error) => logger().error(`Rate limits: Redis: ${error.message}`));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect(); // else it keeps retrying in the background
    throw error;
  }
  const limits = rateLimitsOf(
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
    async () => {
      await client.quit();
    },
  );
  // Each count a Redis call of ours, in a span when tracing is on (docs/decisions/049); the limit names it, never the key.
  return {
    ...limits,
    consume: (limit, key) => traceRedis(`rate-limit consume ${limit}`, () => limits.consume(limit, key)),
    refund: (limit, key) => traceRedis(`rate-limit refund ${limit}`, () => limits.refund(limit, key)),
  };
}
