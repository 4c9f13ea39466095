import { appRouter, createContext } from "@trellis/api";
import type { RateLimitOptions } from "@trellis/api/rate-limit";
import { setupRouterTest, silentLogger, TEST_IP } from "@trellis/api/testing";
import { authenticateRequest } from "@trellis/auth";

import { createRestHandler } from "../rest/handler";

const origin = "http://trellis.test";

/**
 * The REST API over a fresh database, called in-process with real Requests and
 * real API tokens: the handler authenticates them exactly as the app does.
 * Alice has a read-write and a read-only token, Bob a read-write one.
 */
export async function setupRestTest(options: RateLimitOptions = {}) {
  const router = await setupRouterTest(options);
  const { testDb, jobs, events, rateLimits } = router;
  const handle = createRestHandler({
    router: appRouter,
    basePath: "/api/v1",
    createContext: async (req, requestId) => {
      const auth = await authenticateRequest(testDb.data, req.headers, { secret: "test", secureCookies: false });
      return createContext({
        data: testDb.data,
        ...auth,
        jobs,
        events,
        appUrl: origin,
        requestId,
        ip: TEST_IP,
        rateLimits,
        log: silentLogger,
      });
    },
  });

  const mint = async (as: "alice" | "bob", scope: "read" | "read-write") =>
    (await router.as[as].apiToken.create({ name: `${as} ${scope}`, scope, expiresInDays: null })).secret;
  const tokens = {
    alice: await mint("alice", "read-write"),
    aliceReadOnly: await mint("alice", "read"),
    bob: await mint("bob", "read-write"),
  };

  /** Calls the API like any HTTP client would; `body` is sent as JSON, `raw` as it is. */
  async function request(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers = new Headers(options.headers);
    if (options.token) headers.set("authorization", `Bearer ${options.token}`);
    if (options.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    return handle(new Request(`${origin}/api/v1${path}`, { method, headers, body }));
  }

  return { ...router, tokens, request, handle };
}
