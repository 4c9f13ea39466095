import { randomUUID } from "node:crypto";

/** The header a request id arrives in (from a load balancer or a caller) and is echoed back in. */
export const REQUEST_ID_HEADER = "x-request-id";

// Long enough for any tracing id (UUIDs, AWS trace ids, W3C trace ids); no spaces, quotes or
// control characters, so it can be put into a header, a log line or a JSON body as it is.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id: the caller's `X-Request-Id` when it looks like an id, so a
 * request can be followed from the load balancer through to our log; anything
 * else is ignored (never echoed) and a fresh UUID stands in.
 */
export function requestIdFrom(header: string | null | undefined): string {
  return header && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}
