import type { AppRouter, Context } from "@trellis/api";
import { REQUEST_ID_HEADER, requestIdFrom } from "@trellis/api/request-id";
import { createOpenApiFetchHandler } from "trpc-to-openapi";

import { withReadCaching } from "../http/caching";
import { bodyTooLarge, MAX_BODY_BYTES, readTextUpTo } from "../http/limits";
import { httpResponseMeta } from "../http/response-meta";
import { passedOn, problemResponse, toProblem } from "./problem";
import { fillPath, findRoute, type RestRoute, restRoutesOf } from "./routes";

export interface RestHandlerOptions {
  /** The procedures to serve: those with `meta.openapi` become routes (./routes.ts). */
  router: AppRouter;
  /** Where the REST API is mounted, e.g. "/api/v1". */
  basePath: `/${string}`;
  /** The procedure's context for `req`, carrying `requestId`: the id this handler echoes in `X-Request-Id`. */
  createContext(req: Request, requestId: string): Promise<Context>;
  /** Called with every error a procedure threw, e.g. to log the unexpected ones. */
  onError?(error: { code: string; procedure: string | undefined; cause: unknown; requestId: string }): void;
}

/**
 * Serves the REST API from the tRPC procedures. trpc-to-openapi matches the
 * route, parses query, path and body into the procedure's input and calls it
 * exactly as tRPC would (same validation, same middleware, same data layer);
 * this adds what it leaves out: `HEAD`, `OPTIONS` and 405 with `Allow`, 201 with
 * `Location`, 204, a body refused where the route takes none, errors as
 * problem details, and the request's id in `X-Request-Id` (the caller's when
 * it is fit to echo, else a new one). The headers every API answer may need
 * — Retry-After, WWW-Authenticate, Cache-Control — come from the same
 * `httpResponseMeta` as tRPC's, and survive the rewriting; reads get the
 * same ETag, 304 and Cache-Control as tRPC's queries (../http/caching.ts).
 */
export function createRestHandler(options: RestHandlerOptions) {
  const routes = restRoutesOf(options.router);
  return async function handleRest(req: Request): Promise<Response> {
    const requestId = requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
    // HEAD is GET without the body (RFC 9110 §9.3.2): the same status and headers, ETag and 304 included.
    const asked = req.method === "HEAD" ? new Request(req, { method: "GET" }) : req;
    // A read's ETag, 304 and Cache-Control, as on tRPC's paths (../http/caching.ts).
    const response = await withReadCaching(asked, await answer(asked, requestId));
    response.headers.set(REQUEST_ID_HEADER, requestId);
    if (req.method !== "HEAD") return response;
    // GET's headers, Content-Length too: the transport sets it only from a body, and this answer has none.
    const headers = new Headers(response.headers);
    if (response.body) headers.set("content-length", String((await response.arrayBuffer()).byteLength));
    return new Response(null, { status: response.status, headers });
  };

  async function answer(req: Request, requestId: string): Promise<Response> {
    const path = new URL(req.url).pathname.slice(options.basePath.length) || "/";
    const { route, allowed } = findRoute(routes, req.method, path);
    if (allowed.length === 0) {
      return problemResponse({ status: 404, code: "NOT_FOUND", detail: "No such route", requestId });
    }
    // Exactly what this path serves: each method it lists answers (tested in rest.test.ts).
    if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: { allow: allowed.join(", ") } });
    if (!route) {
      const allow = allowed.join(", ");
      return problemResponse(
        { status: 405, code: "METHOD_NOT_SUPPORTED", detail: `${path} answers ${allow}`, requestId },
        { allow },
      );
    }

    const body = await readBody(req, route);
    if (body.tooLarge) {
      const detail = bodyTooLarge(MAX_BODY_BYTES).message;
      return problemResponse({ status: 413, code: "PAYLOAD_TOO_LARGE", detail, requestId });
    }
    if (body.unwanted) {
      const detail = `${route.method} ${route.path} takes no request body: send none, or {}`;
      return problemResponse({ status: 400, code: "BAD_REQUEST", detail, requestId });
    }

    const response = await createOpenApiFetchHandler({
      endpoint: options.basePath,
      router: options.router,
      req: body.text === undefined ? req : new Request(req, { body: body.text }),
      createContext: () => options.createContext(req, requestId),
      responseMeta: httpResponseMeta,
      onError: ({ error, path: procedure }) =>
        options.onError?.({ code: error.code, procedure, cause: error, requestId }),
    });
    if (!response.ok) return toProblem(response, requestId);
    return asSuccess(route, response, options.basePath, route.paramsOf(path));
  }
}

/**
 * The body, read once with a size limit (the generated fetch handler reads
 * bodies whole, with none). For a write whose input is all in its path, an
 * empty JSON body counts as `{}`, so `POST /posts/{postId}/likes` needs no
 * `-d '{}'` — but it still needs `Content-Type: application/json`, which a
 * cross-site form cannot send: that is what keeps cookie-authenticated writes
 * safe from CSRF (ADR 016). A route that takes no body (RestRoute.body)
 * refuses any but an empty one or `{}`, rather than ignore what the caller
 * thought it was sending.
 */
async function readBody(req: Request, route: RestRoute): Promise<{ tooLarge?: true; unwanted?: true; text?: string }> {
  const text = await readTextUpTo(req, MAX_BODY_BYTES);
  if (text === null) return { tooLarge: true };
  if (route.body === "json") return { text };
  if (text.trim() !== "" && !isEmptyObject(text)) return { unwanted: true };
  if (route.body === "none") return {};
  const isJson = req.headers.get("content-type")?.startsWith("application/json") ?? false;
  return { text: isJson ? "{}" : text };
}

function isEmptyObject(json: string): boolean {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
  } catch {
    return false;
  }
}

/**
 * The generated handler answers every success with 200: give creates and
 * deletes their own status, and a create its Location, filled from the
 * request's path and the result (`/posts/{postId}` for a like: its post).
 */
async function asSuccess(
  route: RestRoute,
  response: Response,
  basePath: string,
  pathParams: Record<string, string>,
): Promise<Response> {
  if (route.successStatus === 204) return new Response(null, { status: 204, headers: passedOn(response.headers) });
  if (route.successStatus === 200) return response;
  const body: unknown = await response.json();
  const headers = new Headers(response.headers);
  if (route.location) {
    const fields = body && typeof body === "object" ? body : {};
    headers.set("location", `${basePath}${fillPath(route.location, { ...pathParams, ...fields })}`);
  }
  return Response.json(body, { status: 201, headers });
}
