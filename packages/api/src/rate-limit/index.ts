export { clientIp, rateLimitKeyOf } from "./client-ip";
export {
  enforceRateLimit,
  RateLimitedError,
  rateLimitResponseMeta,
  retryAfterOf,
  tooManyRequests,
  waitPhrase,
} from "./errors";
export {
  createMemoryRateLimits,
  createRedisRateLimits,
  type RateLimitOptions,
  type RateLimits,
  type RateLimitVerdict,
} from "./limiter";
export { type Limit, type LimitName, RATE_LIMITS } from "./limits";
export { limitCredentialsSignIn, limitPasswordCheck, SIGN_IN_RATE_LIMITED, signInGuard } from "./sign-in";
