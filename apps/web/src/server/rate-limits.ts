import { createMemoryRateLimits, type Limit, type LimitName, type RateLimits } from "@trellis/api/rate-limit";
import { createRedisRateLimits } from "@trellis/server/rate-limit";
import { redisDoesNotAnswer } from "@trellis/validators/redis-url";
import { settings } from "@trellis/validators/settings";

import { noteDegraded } from "./request-scope";
import { onShutdown } from "./shutdown";

// One set of limits per process, shared by every route and the production server's lean path (Next may
// load a module once per route bundle, and dev reloads it): kept on globalThis like the database.
const globalForRateLimits = globalThis as typeof globalThis & { trellisRateLimits?: Promise<RateLimits> };

/**
 * In-process by default; shared by every instance through Redis when
 * REDIS_URL is set — else each instance behind a load balancer would allow
 * the full limit on its own. A REDIS_URL that does not answer stops the server
 * at start (startup.ts), never a silent fallback.
 */
export function getRateLimits(): Promise<RateLimits> {
  globalForRateLimits.trellisRateLimits ??= open()
    .then(noteRefusals)
    .catch((error: unknown) => {
      globalForRateLimits.trellisRateLimits = undefined;
      throw error;
    });
  return globalForRateLimits.trellisRateLimits;
}

/**
 * The limits an operator may size, for people who share few addresses (a
 * campus, an office, a carrier's NAT): anonymous reads per address
 * (ANONYMOUS_READS_PER_MINUTE) and sign-ups per address (SIGN_UPS_PER_HOUR).
 * The benchmarks and the e2e servers, whose every request comes from one
 * address, set them far above any person. Every other limit is RATE_LIMITS's,
 * the same everywhere.
 */
function configuredLimits(): Partial<Record<LimitName, Limit>> {
  const { anonymousReadsPerMinute, signUpsPerHour } = settings();
  return {
    ...(anonymousReadsPerMinute && { anonymousReadsPerIp: { points: anonymousReadsPerMinute, durationSeconds: 60 } }),
    ...(signUpsPerHour && { signUpsPerIp: { points: signUpsPerHour, durationSeconds: 60 * 60 } }),
  };
}

/**
 * Marks a refused request as degraded (./request-scope.ts): a page rendered
 * while its reader was over a limit lacks the data it was refused, and the
 * page cache must not keep it for everyone else.
 */
function noteRefusals(rateLimits: RateLimits): RateLimits {
  return {
    ...rateLimits,
    async consume(limit, key) {
      const verdict = await rateLimits.consume(limit, key);
      if (!verdict.allowed) noteDegraded();
      return verdict;
    },
  };
}

async function open(): Promise<RateLimits> {
  const url = settings().redisUrl;
  const limits = configuredLimits();
  if (!url) return createMemoryRateLimits({ limits });
  try {
    // RATE_LIMIT_PREFIX lets apps (or test workers) that share a Redis count apart.
    const rateLimits = await createRedisRateLimits(url, {
      prefix: settings().rateLimitPrefix,
      limits,
    });
    onShutdown("rate limits", () => rateLimits.close());
    return rateLimits;
  } catch (error) {
    throw redisDoesNotAnswer(url, "rate limits", error);
  }
}
