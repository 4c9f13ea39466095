import type { Context } from "@trellis/api";
import { retryAfterOf } from "@trellis/api/rate-limit";
import { TRPCError } from "@trpc/server";

/** The challenge of every 401: API tokens are bearer tokens (RFC 6750). */
const BEARER_CHALLENGE = 'Bearer realm="trellis"';

/**
 * The headers every HTTP adapter — the lean tRPC path, the stock one, REST —
 * adds to an answer, from the request's context and its calls' errors (the
 * `responseMeta` of tRPC and of trpc-to-openapi):
 *
 * - `Retry-After` when a call was rate limited (@trellis/api/rate-limit): for
 *   a batch, the longest wait among its calls;
 * - `WWW-Authenticate` when a call needed credentials: a bearer challenge,
 *   saying `invalid_token` when the request presented one that was refused;
 * - `Cache-Control: private, no-store` when the request came with
 *   credentials, accepted or refused: what it gets depends on who asks, so no
 *   cache — shared or the browser's — may keep it. Anonymous answers are the
 *   same for everyone: a successful read of theirs gets `public, no-cache`
 *   and an ETag from ./caching.ts, which applies to every read. An event stream (a
 *   subscription) keeps tRPC's own `no-cache, no-transform`, untouched:
 *   nothing caches a stream, and replacing that header stalls the stream
 *   behind Next (the live e2e specs never see it connect).
 */
export function httpResponseMeta({
  ctx,
  errors,
  type,
}: {
  ctx?: Context | undefined;
  errors: readonly unknown[];
  type?: string;
}): {
  headers: Record<string, string>;
} {
  const retryAfter = retryAfterOf(errors);
  const headers: Record<string, string> = retryAfter === null ? {} : { "retry-after": String(retryAfter) };
  if (errors.some((error) => error instanceof TRPCError && error.code === "UNAUTHORIZED")) {
    headers["www-authenticate"] = ctx?.refused ? `${BEARER_CHALLENGE}, error="invalid_token"` : BEARER_CHALLENGE;
  }
  if ((ctx?.viewer || ctx?.refused) && type !== "subscription") headers["cache-control"] = "private, no-store";
  return { headers };
}
