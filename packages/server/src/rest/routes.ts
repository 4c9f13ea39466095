import type { Access, Meta } from "@trellis/api";
import { listProcedures } from "@trellis/api/procedures";
import type { AnyTRPCRouter } from "@trpc/server";
import { forEachOpenApiProcedure, getPathRegExp, normalizePath, type OpenApiMethod } from "trpc-to-openapi";

/**
 * The REST surface, read off the procedures' `meta.openapi`: the one list both
 * the request handler (which route, which status, which `Allow`) and the
 * OpenAPI document (which responses) work from, so they cannot disagree.
 */
export interface RestRoute {
  method: OpenApiMethod;
  /** The path template under /api/v1, e.g. "/posts/{id}". */
  path: string;
  /** The tRPC procedure it calls, e.g. "post.byId". */
  procedure: string;
  access: Access;
  /** The status of a success: 201 for a POST (it creates), 204 for a DELETE (nothing to say), else 200. */
  successStatus: 200 | 201 | 204;
  /** For a 201: where the created thing can be read, filled from the result, e.g. "/posts/{id}". */
  location: string | undefined;
  /** Error statuses beyond those every route of its kind has, e.g. 409, from `meta.openapi.errorResponses`. */
  errors: number[];
  /**
   * What the request body may be: "json" for a write with input beyond its
   * path; "empty" for a write whose input is all in the path (JSON content
   * type, but an empty body or `{}`); "none" for a read or a delete. The
   * handler refuses a body a route does not take; the document says the same.
   */
  body: "json" | "empty" | "none";
  matches(path: string): boolean;
  /** The path's parameters, decoded, e.g. { postId: "0193…" } for "/posts/0193…/likes". */
  paramsOf(path: string): Record<string, string>;
}

const methodKeys = { GET: "get", POST: "post", PUT: "put", PATCH: "patch", DELETE: "delete" } as const;

/** The key of a method in an OpenAPI path item, e.g. "get". */
export const methodKey = (method: OpenApiMethod) => methodKeys[method];

const successStatusOf = (method: OpenApiMethod) => (method === "POST" ? 201 : method === "DELETE" ? 204 : 200);

const statusesOf = (declared: number[] | Record<number, string> | undefined) =>
  Array.isArray(declared) ? declared : Object.keys(declared ?? {}).map(Number);

const isWrite = (method: OpenApiMethod) => method === "POST" || method === "PUT" || method === "PATCH";

function listRestRoutes(router: AnyTRPCRouter): RestRoute[] {
  const inputKeys = new Map(listProcedures(router).map((entry) => [entry.path, entry.inputKeys]));
  const routes: RestRoute[] = [];
  forEachOpenApiProcedure<Meta>(router._def.procedures, ({ path: procedure, meta }) => {
    // REST is for API tokens; account management needs a browser session (sessionProcedure).
    if (meta.access === "session") throw new Error(`${procedure} is session-only: it has no place on the REST API`);
    const path = normalizePath(meta.openapi.path);
    const pattern = getPathRegExp(path);
    const inPath = new Set([...path.matchAll(/\{(.+?)\}/g)].map((match) => match[1]));
    const inBody = (inputKeys.get(procedure) ?? []).some((key) => !inPath.has(key));
    // Every 201 carries a Location (docs/api.md): a create that cannot say where its result is read is a bug.
    if (meta.openapi.method === "POST" && !meta.location) {
      throw new Error(`${procedure} creates (POST) but names no \`location\` for its 201's Location header`);
    }
    routes.push({
      method: meta.openapi.method,
      path,
      procedure,
      access: meta.access ?? "public",
      successStatus: successStatusOf(meta.openapi.method),
      location: meta.location,
      errors: statusesOf(meta.openapi.errorResponses),
      body: !isWrite(meta.openapi.method) ? "none" : inBody ? "json" : "empty",
      matches: (candidate) => pattern.test(normalizePath(candidate)),
      paramsOf: (candidate) =>
        Object.fromEntries(
          Object.entries(pattern.exec(normalizePath(candidate))?.groups ?? {}).map(([key, value]) => [
            key,
            decodeURIComponent(value),
          ]),
        ),
    });
  });
  return routes;
}

const listed = new WeakMap<AnyTRPCRouter, readonly RestRoute[]>();

/** A router's REST routes, listed once per router: the handler and the document ask for them again and again. */
export function restRoutesOf(router: AnyTRPCRouter): readonly RestRoute[] {
  let routes = listed.get(router);
  if (!routes) {
    routes = listRestRoutes(router);
    listed.set(router, routes);
  }
  return routes;
}

/**
 * The route for a method and path under /api/v1, and the methods that path
 * answers (for `Allow`): its routes' methods, HEAD wherever GET is (answered
 * as GET without the body), and OPTIONS.
 */
export function findRoute(
  routes: readonly RestRoute[],
  method: string,
  path: string,
): { route: RestRoute | undefined; allowed: string[] } {
  const atPath = routes.filter((route) => route.matches(path));
  const methods = atPath.flatMap((route) => (route.method === "GET" ? ["GET", "HEAD"] : [route.method]));
  const allowed = methods.length === 0 ? [] : [...methods, "OPTIONS"];
  const served = method === "HEAD" ? "GET" : method;
  return { route: atPath.find((route) => route.method === served), allowed };
}

/** "/posts/{id}" filled from a result's fields, e.g. "/posts/0193…". */
export function fillPath(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{(.+?)\}/g, (_, key: string) => encodeURIComponent(String(values[key])));
}
