import "server-only";

import { type Context, createContext, resolveDemoViewer } from "@trellis/api";

import { getDatabase } from "./db";

/** The one way this app builds a tRPC context, for HTTP requests and server components alike. */
export async function createRequestContext(): Promise<Context> {
  const { data } = await getDatabase();
  return createContext({ data, viewer: await resolveDemoViewer(data) });
}
