import { createOpenApiFetchHandler } from "trpc-to-openapi";

import { rateLimitResponseMeta } from "../rate-limit";
import { REQUEST_ID_HEADER, requestIdFrom } from "../request-id";
import { appRouter } from "../root";
import type { Context } from "../trpc";
import { problemResponse, toProblem } from "./problem";
import { fillPath, findRoute, type RestRoute } from "./routes";

export interface RestHandlerOptions {
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
 * this adds what it leaves out: 405 with `Allow`, 201 with `Location`, 204,
 * errors as problem details, and the request's id in `X-Request-Id` (the
 * caller's when it is fit to echo, else a new one).
 */
export function createRestHandler(options: RestHandlerOptions) {
  return async function handleRest(req: Request): Promise<Response> {
    const requestId = requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
    const response = await answer(req, requestId);
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  };

  async function answer(req: Request, requestId: string): Promise<Response> {
    const path = new URL(req.url).pathname.slice(options.basePath.length) || "/";
    const { route, allowed } = findRoute(req.method, path);
    if (!route) {
      if (allowed.length === 0) {
        return problemResponse({ status: 404, code: "NOT_FOUND", detail: "No such route", requestId });
      }
      const allow = allowed.join(", ");
      return problemResponse(
        { status: 405, code: "METHOD_NOT_SUPPORTED", detail: `${path} answers ${allow}`, requestId },
        { allow },
      );
    }

    const body = await readBody(req);
    if (body.tooLarge) {
      const detail = `A body may have at most ${MAX_BODY_BYTES} bytes`;
      return problemResponse({ status: 413, code: "PAYLOAD_TOO_LARGE", detail, requestId });
    }

    const response = await createOpenApiFetchHandler({
      endpoint: options.basePath,
      router: appRouter,
      req: body.text === undefined ? req : new Request(req, { body: body.text }),
      createContext: () => options.createContext(req, requestId),
      responseMeta: rateLimitResponseMeta,
      onError: ({ error, path: procedure }) =>
        options.onError?.({ code: error.code, procedure, cause: error, requestId }),
    });
    if (!response.ok) return toProblem(response, requestId);
    return asSuccess(route, response, options.basePath);
  }
}

const MAX_BODY_BYTES = 100_000;

/**
 * The body of a POST, PUT or PATCH, read once with a size limit (the generated
 * fetch handler reads bodies whole, with none). An empty JSON body counts as
 * `{}`, so `POST /posts/{postId}/likes` needs no `-d '{}'` — but it still needs
 * `Content-Type: application/json`, which a cross-site form cannot send: that
 * is what keeps cookie-authenticated writes safe from CSRF (ADR 016).
 */
async function readBody(req: Request): Promise<{ tooLarge: boolean; text?: string }> {
  if (req.method !== "POST" && req.method !== "PUT" && req.method !== "PATCH") return { tooLarge: false };
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return { tooLarge: true };
  const text = await req.text();
  if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) return { tooLarge: true };
  const isJson = req.headers.get("content-type")?.startsWith("application/json") ?? false;
  return { tooLarge: false, text: text === "" && isJson ? "{}" : text };
}

/** The generated handler answers every success with 200: give creates and deletes their own status. */
async function asSuccess(route: RestRoute, response: Response, basePath: string): Promise<Response> {
  if (route.successStatus === 204) return new Response(null, { status: 204 });
  if (route.successStatus === 200) return response;
  const body: unknown = await response.json();
  const headers = new Headers(response.headers);
  if (route.location && body && typeof body === "object") {
    headers.set("location", `${basePath}${fillPath(route.location, { ...body })}`);
  }
  return Response.json(body, { status: 201, headers });
}
