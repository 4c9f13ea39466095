import { createContext } from "@trellis/api";
import { setupRouterTest, silentLogger, TEST_IP } from "@trellis/api/testing";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { httpResponseMeta } from "./response-meta";

const { testDb, jobs, events, rateLimits, alice } = await setupRouterTest();
const contextOf = (viewer: typeof alice | null, refused: string | null = null) =>
  createContext({
    data: testDb.data,
    viewer,
    refused,
    jobs,
    events,
    appUrl: "",
    ip: TEST_IP,
    rateLimits,
    log: silentLogger,
  });

describe("httpResponseMeta", () => {
  it("leaves an event stream's Cache-Control to tRPC (no-cache, no-transform), even for a signed-in viewer", () => {
    expect(httpResponseMeta({ ctx: contextOf(alice), errors: [], type: "subscription" }).headers).toEqual({});
    expect(httpResponseMeta({ ctx: contextOf(alice), errors: [], type: "query" }).headers).toEqual({
      "cache-control": "private, no-store",
    });
    expect(httpResponseMeta({ ctx: contextOf(null), errors: [], type: "subscription" }).headers).toEqual({});
  });

  it("challenges on UNAUTHORIZED only, naming a refused token", () => {
    const unauthorized = new TRPCError({ code: "UNAUTHORIZED" });
    expect(httpResponseMeta({ ctx: contextOf(null), errors: [unauthorized] }).headers).toEqual({
      "www-authenticate": 'Bearer realm="trellis"',
    });
    expect(httpResponseMeta({ ctx: contextOf(null, "refused"), errors: [unauthorized] }).headers).toEqual({
      "www-authenticate": 'Bearer realm="trellis", error="invalid_token"',
      "cache-control": "private, no-store",
    });
    expect(httpResponseMeta({ errors: [new TRPCError({ code: "NOT_FOUND" })] }).headers).toEqual({});
  });
});
