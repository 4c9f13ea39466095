import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { isRestApiRequest, ROUTE_METHODS } from "./rest-api";

describe("isRestApiRequest: what the production server answers itself, as Next's REST route would", () => {
  it.each([
    ["GET", "/api/v1/posts?limit=20", true],
    ["POST", "/api/v1/posts", true],
    ["DELETE", "/api/v1/posts/x/likes", true],
    ["OPTIONS", "/api/v1/posts", true],
    ["GET", "/api/v1/nothing-here", true], // the route's own 404 problem
    ["HEAD", "/api/v1/posts", true], // GET without the body, from the REST handler itself
    ["TRACE", "/api/v1/posts", false],
    ["GET", "/api/v1", false], // no route there: Next's 404
    ["GET", "/api/v1/posts/", false], // Next redirects a trailing slash
    ["GET", "/api/v1//posts", false],
    ["GET", "/api/v10/posts", false],
    ["GET", "/api/trpc/post.list", false],
    [undefined, "/api/v1/posts", false],
  ])("%s %s → %s", (method, url, expected) => {
    expect(isRestApiRequest(method, url)).toBe(expected);
  });
});

describe("ROUTE_METHODS", () => {
  it("are the methods Next's REST route exports, so both servers answer the same ones", async () => {
    // Read, not imported: the route resolves the app's `@/` paths, which only Next's build knows.
    const route = readFileSync(join(import.meta.dirname, "../app/api/v1/[...path]/route.ts"), "utf8");
    const exported = [...route.matchAll(/\bhandler as ([A-Z]+)\b/g)].map((match) => match[1]);
    expect(new Set(exported)).toEqual(ROUTE_METHODS);
  });
});
