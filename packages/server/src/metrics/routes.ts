import type { IncomingMessage } from "node:http";

/**
 * A request's route template, the only path a metric's label may carry:
 * `/api/v1/posts/{id}`, `/posts/[id]`, `/api/trpc` — never the URL itself,
 * whose ids would make a new series per post. A path no template matches is
 * `other`, so the label set stays as small as the route table.
 */
export type RouteOf = (req: IncomingMessage) => string;

export const OTHER_ROUTE = "other";

export interface RouteTemplates {
  /** Path prefixes that are one route whatever follows, e.g. "/api/trpc", "/_next/static". */
  prefixes?: readonly string[];
  /** Next-style templates: "/posts/[id]" (one segment), "/api/auth/[...nextauth]" (the rest). */
  pages?: readonly string[];
  /** REST routes under /api/v1, as their templates: "/posts/{id}". */
  rest?: readonly { path: string; matches(path: string): boolean }[];
}

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

export function routeTemplates({ prefixes = [], pages = [], rest = [] }: RouteTemplates): RouteOf {
  const exact = new Set(pages.filter((page) => !page.includes("[")));
  const patterns = pages.filter((page) => page.includes("[")).map((page) => ({ page, pattern: patternOf(page) }));
  return (req) => {
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    if (exact.has(path)) return path;
    for (const prefix of prefixes) if (path === prefix || path.startsWith(`${prefix}/`)) return prefix;
    if (path.startsWith(`${REST_PREFIX}/`)) {
      const inner = path.slice(REST_PREFIX.length);
      const route = rest.find((candidate) => candidate.matches(inner));
      return route ? `${REST_PREFIX}${route.path}` : OTHER_ROUTE;
    }
    return patterns.find(({ pattern }) => pattern.test(path))?.page ?? OTHER_ROUTE;
  };
}
