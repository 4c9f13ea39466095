import { TRPCError } from "@trpc/server";
import { publishRefusal } from "../diagnostics";
import type { RateLimits } from "./limiter";
import type { LimitName } from "./limits";

/** The cause of every TOO_MANY_REQUESTS: how long to wait, for the `Retry-After` header. */
export class RateLimitedError extends Error {
  override readonly name = "RateLimitedError";
  constructor(
    readonly limit: LimitName,
    readonly retryAfterSeconds: number,
  ) {
    super(`Rate limit ${limit} reached: retry after ${retryAfterSeconds} s`);
  }
}

/** "in 15 minutes", "in 1 minute", "in 40 seconds": for messages people read. */
export function waitPhrase(seconds: number): string {
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/**
 * Spends a point of `limit` for `key`, or throws TOO_MANY_REQUESTS saying
 * `what` and when to try again. A null key — an address that cannot be known
 * (see ./client-ip.ts) — is not counted: there is nothing to count it by.
 */
export async function enforceRateLimit(
  rateLimits: RateLimits,
  limit: LimitName,
  key: string | null,
  what: string,
): Promise<void> {
  if (key === null) return;
  const verdict = await rateLimits.consume(limit, key);
  if (verdict.allowed) return;
  throw tooManyRequests(limit, verdict.retryAfterSeconds, what);
}

/** The TOO_MANY_REQUESTS for `limit`, saying `what` and when to try again. */
export function tooManyRequests(limit: LimitName, retryAfterSeconds: number, what: string): TRPCError {
  publishRefusal(limit);
  return new TRPCError({
    code: "TOO_MANY_REQUESTS",
    message: `${what}. Try again ${waitPhrase(retryAfterSeconds)}.`,
    cause: new RateLimitedError(limit, retryAfterSeconds),
  });
}

/** The longest wait among rate-limited errors, or null when none was rate limited. */
export function retryAfterOf(errors: readonly unknown[]): number | null {
  let longest: number | null = null;
  for (const error of errors) {
    const cause = error instanceof TRPCError ? error.cause : undefined;
    if (cause instanceof RateLimitedError) longest = Math.max(longest ?? 0, cause.retryAfterSeconds);
  }
  return longest;
}
