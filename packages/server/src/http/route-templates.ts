import type { IncomingMessage } from "node:http";

/**
 * A request's route as a template — `/posts/[id]`, `/api/v1/posts/{id}`,
 * `/api/trpc` — never the URL itself, whose ids would make a new metric series
 * or a new kind of span per post. Metrics label requests with it and traces
 * name their request spans by it, from the one table below. A path no
 * template matches is `other`, so the set stays as small as the route table.
 */
export type RouteOf = (req: IncomingMessage) => string;

export const OTHER_ROUTE = "other";

export interface RouteTemplates {
  /** Path prefixes that are one route whatever follows, e.g. "/api/trpc", "/_next/static". */
  prefixes?: readonly string[];
  /** Next-style templates: "/posts/[id]" (one segment), "/api/auth/[...nextauth]" (the rest). */
  pages?: readonly string[];
  /**
   * REST routes under /api/v1, as their templates: "/posts/{id}". Without
   * them (a caller that does not load the router), all of /api/v1 is one route.
   */
  rest?: readonly { path: string; matches(path: string): boolean }[];
}

/**
 * The app's routes (apps/web/src/app): its pages and route handlers, tRPC as
 * one, Next's assets as two. route-templates.test.ts checks the list against
 * the app's files, so a new page cannot be missed.
 */
export const APP_ROUTES = {
  prefixes: ["/api/trpc", "/_next/static", "/_next/image", "/api/auth"],
  pages: [
    "/",
    "/admin",
    "/forgot-password",
    "/reset-password",
    "/settings",
    "/sign-up",
    "/sign-in",
    "/docs/api",
    "/dev/mailbox",
    "/posts/[id]",
    "/api/admin/exports/[id]",
    "/api/health",
    "/api/ready",
    "/api/metrics",
    "/api/openapi.json",
    "/favicon.ico",
  ],
} as const satisfies RouteTemplates;

const REST_PREFIX = "/api/v1";

function patternOf(template: string): RegExp {
  const source = template
    .split("/")
    .map((segment) =>
      segment.startsWith("[...")
        ? ".+"
        : segment.startsWith("[")
          ? "[^/]+"
          : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${source}$`);
}

/** The template of a path (no query string), from `templates`. */
export function pathTemplates({ prefixes = [], pages = [], rest }: RouteTemplates): (path: string) => string {
  const exact = new Set(pages.filter((page) => !page.includes("[")));
  const patterns = pages.filter((page) => page.includes("[")).map((page) => ({ page, pattern: patternOf(page) }));
  return (path) => {
    if (exact.has(path)) return path;
    for (const prefix of prefixes) if (path === prefix || path.startsWith(`${prefix}/`)) return prefix;
    if (path.startsWith(`${REST_PREFIX}/`)) {
      if (!rest) return REST_PREFIX;
      const inner = path.slice(REST_PREFIX.length);
      const route = rest.find((candidate) => candidate.matches(inner));
      return route ? `${REST_PREFIX}${route.path}` : OTHER_ROUTE;
    }
    return patterns.find(({ pattern }) => pattern.test(path))?.page ?? OTHER_ROUTE;
  };
}

/** The template of a request's path, from `templates`. */
export function routeTemplates(templates: RouteTemplates): RouteOf {
  const templateOf = pathTemplates(templates);
  return (req) => templateOf((req.url ?? "/").split("?", 1)[0] ?? "/");
}
