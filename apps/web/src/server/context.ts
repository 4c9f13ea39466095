import "server-only";

import { type Context, createContext, resolveDemoViewer } from "@trellis/api";

import { getDb } from "./db";

/** The one way this app builds a tRPC context, for HTTP requests and server components alike. */
export async function createRequestContext(): Promise<Context> {
  const db = getDb();
  return createContext({ db, viewer: await resolveDemoViewer(db) });
}
