import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

import { describe, expect, it } from "vitest";

import { APP_ROUTES, OTHER_ROUTE, pathTemplates } from "./route-templates";

const appDir = join(import.meta.dirname, "..", "..", "..", "..", "apps", "web", "src", "app");

/** Every page and route handler of the app, as Next names its route: "/posts/[id]", route groups left out. */
function appRoutes(dir = appDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return appRoutes(path);
    if (entry.name !== "page.tsx" && entry.name !== "route.ts") return [];
    const segments = relative(appDir, dir)
      .split(sep)
      .filter((segment) => segment && !segment.startsWith("("));
    return [`/${segments.join("/")}`];
  });
}

/** A path the route would answer: each dynamic segment filled in. */
const example = (route: string) => route.replace(/\[\.\.\.\w+\]/g, "a/b").replace(/\[\w+\]/g, "0193a1b2");

/** Where a route of the app is answered as one whole: tRPC, Auth.js, REST (whose routes the router names). */
const wholeRoutes = [...APP_ROUTES.prefixes, "/api/v1"];

describe("a request's route template", () => {
  const templateOf = pathTemplates(APP_ROUTES);

  it("is the app's own route name, for every page and route handler", () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const whole = wholeRoutes.find((prefix) => route.startsWith(`${prefix}/`));
      expect(templateOf(example(route)), route).toBe(whole ?? route);
    }
  });

  it("names a post's page by its template, never its id, and a path the app does not have as other", () => {
    expect(templateOf("/posts/0193-abc")).toBe("/posts/[id]");
    expect(templateOf("/wp-admin/setup.php")).toBe(OTHER_ROUTE);
    expect(templateOf("/_next/static/chunks/app.js")).toBe("/_next/static");
  });

  it("names a REST path by its route when given the REST table, else as /api/v1", () => {
    expect(templateOf("/api/v1/posts/0193-abc")).toBe("/api/v1");
    const withRest = pathTemplates({
      ...APP_ROUTES,
      rest: [{ path: "/posts/{id}", matches: (p) => p.startsWith("/posts/") }],
    });
    expect(withRest("/api/v1/posts/0193-abc")).toBe("/api/v1/posts/{id}");
    expect(withRest("/api/v1/nothing")).toBe(OTHER_ROUTE);
  });
});
