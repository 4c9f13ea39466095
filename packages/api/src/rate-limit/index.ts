export {
  enforceRateLimit,
  RateLimitedError,
  retryAfterOf,
  tooManyRequests,
  waitPhrase,
} from "./errors";
export {
  createMemoryRateLimits,
  type RateLimitOptions,
  type RateLimits,
  type RateLimitVerdict,
  rateLimitsOf,
} from "./limiter";
export { type Limit, type LimitName, RATE_LIMITS } from "./limits";
export { limitPasswordCheck } from "./password-check";
