import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

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

/**
 * RateLimits over one rate-limiter-flexible limiter per limit, each made on
 * first use by `make` at its size (RATE_LIMITS, or `options.limits`): the
 * in-process limits below, and the Redis ones of @trellis/server.
 */
export function rateLimitsOf(
  make: (name: LimitName, limit: Limit) => RateLimiterAbstract,
  options: RateLimitOptions,
  close: () => Promise<void>,
): RateLimits {
  return rateLimitsOver(limitersOf(make, options), close);
}

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
  return rateLimitsOf(
    (name, { points, durationSeconds }) =>
      new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }),
    options,
    async () => {},
  );
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
