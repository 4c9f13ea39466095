import type * as RedisLimits from "./redis-limits";

export { clientIp, rateLimitKeyOf } from "./client-ip";
export { limitCredentialsSignIn, SIGN_IN_RATE_LIMITED, signInGuard } from "./sign-in";

/**
 * Rate limits shared through Redis (./redis-limits.ts): loaded only when asked
 * for, so a server without REDIS_URL never loads ioredis at start
 * (docs/decisions/040).
 */
export async function createRedisRateLimits(
  ...args: Parameters<typeof RedisLimits.createRedisRateLimits>
): ReturnType<typeof RedisLimits.createRedisRateLimits> {
  const { createRedisRateLimits: create } = await import("./redis-limits");
  return create(...args);
}
