import { type Context, createContext } from "@trellis/api";
import { authenticateRequest } from "@trellis/auth";

import { getDatabase } from "./db";
import { getEvents } from "./events";
import { appUrl, authSecret, getMailer, secureCookies } from "./settings";

/**
 * The one way this app builds a tRPC context from a request's headers — for
 * Next's route handlers and server components (./context.ts) and for the
 * production server's fast path (../../server.ts) alike: the viewer comes
 * from an API token or the session cookie.
 */
export async function contextFromHeaders(headers: Headers): Promise<Context> {
  const { data } = await getDatabase();
  const { viewer, refused } = await authenticateRequest(data, headers, {
    secret: authSecret(),
    secureCookies: secureCookies(),
  });
  return createContext({ data, viewer, refused, mailer: getMailer(), events: await getEvents(), appUrl: appUrl() });
}
