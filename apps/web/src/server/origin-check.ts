import { transformer } from "@trellis/api/transformer";
import { settings } from "@trellis/validators/settings";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";

/**
 * CSRF defence in depth (docs/decisions/020): a state-changing request that a
 * browser sends on behalf of another site is refused before anything reads
 * it — in the production server (server.ts) and in the Next proxy
 * (src/proxy.ts), with the same rule.
 */

/** The parts of a request the check reads, from Node's request or from a Fetch one. */
export interface RequestOrigin {
  method: string;
  /** Path and query, e.g. "/api/trpc/post.create?batch=1". */
  url: string;
  origin: string | null | undefined;
  host: string | null | undefined;
  secFetchSite: string | null | undefined;
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * True for a POST, PUT, PATCH or DELETE that a browser marks as coming from
 * another site: `Sec-Fetch-Site: cross-site`, or an `Origin` that is not this
 * app's. This app's origin is APP_URL's when it is set (the public origin,
 * also what emailed links use), else whatever host the request was sent to.
 *
 * A request with neither header passes: browsers send `Origin` with every
 * cross-origin write, so its absence means curl, a script or the typed client
 * — callers that hold their credentials (a bearer token) rather than ride on
 * a cookie the browser attaches by itself.
 */
export function isCrossSiteWrite(request: RequestOrigin, appUrl = settings().appUrl): boolean {
  if (!STATE_CHANGING.has(request.method.toUpperCase())) return false;
  if (request.secFetchSite === "cross-site") return true;
  if (!request.origin) return false;
  return !isOwnOrigin(request.origin, request.host, appUrl);
}

function isOwnOrigin(origin: string, host: string | null | undefined, appUrl: string | undefined): boolean {
  if (appUrl) return origin === publicOrigin(appUrl);
  if (!host) return false;
  // `Origin: null` (a sandboxed frame, a redirect from elsewhere) is no URL: it is foreign.
  if (!URL.canParse(origin)) return false;
  return new URL(origin).host === host.toLowerCase();
}

function publicOrigin(appUrl: string): string {
  if (!URL.canParse(appUrl)) throw new Error(`APP_URL is not a URL: ${JSON.stringify(appUrl)}`);
  return new URL(appUrl).origin;
}

export interface Refusal {
  status: 403;
  headers: Record<string, string>;
  body: string;
}

const MESSAGE =
  "Cross-site request refused: a state-changing request must come from this app's own pages, or carry no Origin (a script with an API token). See docs/security.md#csrf.";

/**
 * The 403 for a refused request, in the error format of the API it was sent
 * to — problem details under /api/v1, tRPC's error shape (one per call of a
 * batch) under /api/trpc, plain text elsewhere — with the request's id, as
 * every error carries it (docs/security.md, "Errors leak nothing").
 */
export function crossSiteRefusal(url: string, requestId: string): Refusal {
  const { pathname, searchParams } = new URL(url, "http://localhost");
  const headers = { "x-request-id": requestId };
  if (pathname === "/api/v1" || pathname.startsWith("/api/v1/")) {
    const problem = {
      type: "about:blank",
      title: "Forbidden",
      status: 403,
      detail: MESSAGE,
      code: "FORBIDDEN",
      requestId,
    };
    return {
      status: 403,
      headers: { ...headers, "content-type": "application/problem+json" },
      body: JSON.stringify(problem),
    };
  }
  if (pathname.startsWith("/api/trpc/")) {
    const joined = decodeOrRaw(pathname.slice("/api/trpc/".length));
    const isBatch = searchParams.get("batch") === "1";
    const errors = (isBatch ? joined.split(",") : [joined]).map((path) => trpcForbidden(path, requestId));
    return {
      status: 403,
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(isBatch ? errors : errors[0]),
    };
  }
  return {
    status: 403,
    headers: { ...headers, "content-type": "text/plain; charset=utf-8" },
    body: `${MESSAGE} (request ${requestId})`,
  };
}

/**
 * One call's FORBIDDEN as the tRPC client reads it: tRPC's error shape with
 * what the app's formatter adds to every error (packages/api/src/trpc.ts),
 * serialized by the app's own transformer, as tRPC would.
 */
function trpcForbidden(path: string, requestId: string) {
  const shape = {
    message: MESSAGE,
    code: TRPC_ERROR_CODES_BY_KEY.FORBIDDEN,
    data: { code: "FORBIDDEN", httpStatus: 403, path, requestId, fieldErrors: null },
  };
  return { error: transformer.output.serialize(shape) };
}

function decodeOrRaw(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}
