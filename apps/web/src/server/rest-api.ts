import type { IncomingMessage } from "node:http";

import { appRouter } from "@trellis/api";
import { REQUEST_ID_HEADER, requestIdFrom } from "@trellis/api/request-id";
import { logger, logIfUnexpected } from "@trellis/server/log";
import { createRestHandler, problemResponse } from "@trellis/server/rest";

import { contextFromHeaders } from "./request-context";

/** Where the REST API is mounted. */
export const REST_BASE_PATH = "/api/v1";

/**
 * The REST API (/api/v1/…), served by the same procedures as /api/trpc (see
 * packages/server/src/rest): the one handler both Next's route,
 * app/api/v1/[...path]/route.ts (`next dev`, `next start`), and the
 * production server (../../server.ts), which answers these paths itself
 * before Next, are made from (docs/decisions/036).
 */
export function createRestApi() {
  return createRestHandler({
    router: appRouter,
    basePath: REST_BASE_PATH,
    // The viewer from an API token or the session cookie, as on tRPC's paths; the request id the handler echoes.
    createContext: (req, requestId) => contextFromHeaders(req.headers, { requestId }),
    onError({ code, procedure, cause, requestId }) {
      // Expected errors (bad input, not found) are the caller's business; only a bug deserves the log.
      logIfUnexpected({ code, error: cause, requestId, where: `REST ${procedure ?? "<no route>"}` });
    },
  });
}

/** The methods the route exports (HEAD too: the handler answers it as GET, without the body); Next answers the others. */
export const ROUTE_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);

/**
 * Whether a request is one Next would hand to the REST route as it is: a
 * method the route exports, on a path under the API. A trailing slash or an
 * empty segment is left to Next, which redirects or refuses it its own way.
 */
export function isRestApiRequest(method: string | undefined, url: string | undefined): boolean {
  if (!method || !ROUTE_METHODS.has(method) || !url?.startsWith(`${REST_BASE_PATH}/`)) return false;
  const pathname = url.split("?", 1)[0] ?? "";
  return !pathname.endsWith("/") && !pathname.includes("//");
}

/**
 * The answer when the REST handler itself throws on the production server —
 * a bug, since a procedure's errors are answered as problems: logged with
 * the request id, answered as a 500 problem that says nothing more.
 */
export function restApiFailure(error: unknown, req: IncomingMessage): Response {
  const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]?.toString());
  logger().error({ requestId, err: error }, `REST ${req.method} ${req.url?.split("?", 1)[0]} failed`);
  const problem = { status: 500, code: "INTERNAL_SERVER_ERROR", detail: "Internal server error", requestId };
  return problemResponse(problem, { [REQUEST_ID_HEADER]: requestId });
}
