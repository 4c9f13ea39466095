import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

import { describe, expect, it } from "vitest";

import { routeTemplate } from "./route-template";

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

describe("a request's route template", () => {
  it("is the app's own route name, for every page and route handler", () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) expect(routeTemplate(example(route)), route).toBe(route);
  });

  it("names a post's page by its template, never its id, and a path the app does not have as not found", () => {
    expect(routeTemplate("/posts/0193-abc")).toBe("/posts/[id]");
    expect(routeTemplate("/wp-admin/setup.php")).toBe("/[not-found]");
    expect(routeTemplate("/_next/static/chunks/app.js")).toBe("/_next/static/[...file]");
  });
});
