export { clientIp, rateLimitKeyOf } from "./client-ip";
export { createRedisRateLimits } from "./redis-limits";
export { limitCredentialsSignIn, SIGN_IN_RATE_LIMITED, signInGuard } from "./sign-in";
