import "server-only";

import { type Context, createContext } from "@trellis/api";
import { headers } from "next/headers";

import { appUrl, getAuth, getMailer } from "./auth";
import { getDatabase } from "./db";
import { getEvents } from "./events";

/**
 * The one way this app builds a tRPC context, for HTTP requests and server
 * components alike: the viewer comes from an API token or the session cookie.
 */
export async function createRequestContext(): Promise<Context> {
  const { data } = await getDatabase();
  const { viewer, refused } = await getAuth().authenticate(new Headers(await headers()));
  return createContext({ data, viewer, refused, mailer: getMailer(), events: await getEvents(), appUrl: appUrl() });
}
