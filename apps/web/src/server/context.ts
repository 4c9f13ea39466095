import "server-only";

import type { Context } from "@trellis/api";
import { headers } from "next/headers";

import { contextFromHeaders } from "./request-context";

/** The tRPC context of the request Next is handling (route handlers, server components). */
export async function createRequestContext(options: { requestId?: string } = {}): Promise<Context> {
  return contextFromHeaders(new Headers(await headers()), options);
}
