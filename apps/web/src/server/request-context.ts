import { type Context, createContext } from "@trellis/api";
import { REQUEST_ID_HEADER } from "@trellis/api/request-id";
import { authenticateRequest } from "@trellis/auth";
import { logger } from "@trellis/server/log";

import { clientIpFromHeaders } from "./client-ip";
import { getDatabase } from "./db";
import { getEvents } from "./events";
import { getJobs } from "./jobs";
import { getRateLimits } from "./rate-limits";
import { noteViewer } from "./request-scope";
import { appUrl, authSecret, secureCookies } from "./settings";

/**
 * The one way this app builds a tRPC context from a request's headers — for
 * Next's route handlers and server components (./context.ts) and for the
 * production server's fast path (../../server.ts) alike: the viewer comes
 * from an API token or the session cookie. The request id is the one the
 * caller's adapter echoes (the production server has already put it in the
 * X-Request-Id header); a fresh one when there is none.
 */
export async function contextFromHeaders(
  headers: Headers,
  { requestId = headers.get(REQUEST_ID_HEADER) ?? undefined }: { requestId?: string } = {},
): Promise<Context> {
  const { data } = await getDatabase();
  const { viewer, refused } = await authenticateRequest(data, headers, {
    secret: authSecret(),
    secureCookies: secureCookies(),
  });
  noteViewer(viewer?.id ?? null);
  return createContext({
    requestId,
    data,
    viewer,
    refused,
    jobs: await getJobs(),
    events: await getEvents(),
    appUrl: appUrl(),
    ip: clientIpFromHeaders(headers),
    rateLimits: await getRateLimits(),
    log: logger(),
  });
}
