import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";

import { appRouter, createContext } from "@trellis/api";
import { silentLogger, TEST_IP } from "@trellis/api/testing";
import { transformer } from "@trellis/api/transformer";
import { authenticateRequest } from "@trellis/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLeanHandler, headersOf } from "../http/lean-handler";
import { serveOnNode } from "../http/node-fetch";
import { httpResponseMeta } from "../http/response-meta";
import { routeTemplates } from "../http/route-templates";
import { restRoutesOf } from "../rest/routes";
import { setupRestTest } from "../testing";
import { answerMetrics, METRICS_PATH } from "./endpoint";
import { startRequest } from "./http";
import { createMetrics, type Metrics } from "./registry";

/**
 * Metrics as the production server serves them: the lean tRPC path, REST on
 * Node and /api/metrics behind a recording front, over real HTTP, on the
 * dialect under test — after a REST read, a tRPC query, a mutation and a
 * 404, the counters moved; a thousand distinct ids add no series; the scrape
 * wants its token.
 */

const TOKEN = "metrics-test-token-0123456789";

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return `http://127.0.0.1:${address && typeof address === "object" ? address.port : 0}`;
}

const failure = () => new Response("failed", { status: 500 });

async function serve(token: string | undefined, metrics: Metrics | null) {
  const api = await setupRestTest();
  const { testDb, jobs, events, rateLimits } = api;
  const lean = createLeanHandler({
    router: appRouter,
    endpoint: "/api/trpc",
    createContext: async (req) => {
      const headers = headersOf(req);
      const auth = await authenticateRequest(testDb.data, headers, { secret: "test", secureCookies: false });
      const appUrl = "http://trellis.test";
      return createContext({
        data: testDb.data,
        ...auth,
        jobs,
        events,
        appUrl,
        ip: TEST_IP,
        rateLimits,
        log: silentLogger,
      });
    },
    responseMeta: httpResponseMeta,
  });
  const rest = serveOnNode(api.handle, (req) => req.url?.startsWith("/api/v1/") ?? false, failure);
  const scrape = serveOnNode(
    (request) => answerMetrics(request, { token, metrics }),
    (req) => req.url?.split("?", 1)[0] === METRICS_PATH,
    failure,
  );
  const routeOf = routeTemplates({
    prefixes: ["/api/trpc"],
    // A page with an id in its path, as an app's own would be (the starter's pages have none).
    pages: ["/", "/users/[id]", METRICS_PATH],
    rest: restRoutesOf(appRouter),
  });
  const server = createServer(async (req, res) => {
    if (metrics) {
      const record = startRequest(metrics, routeOf, req);
      res.once("close", () => record(res));
    }
    if (await lean(req, res)) return;
    if (await rest(req, res)) return;
    if (await scrape(req, res)) return;
    res.writeHead(404).end("Not found");
  });
  const url = await listen(server);
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url, api, close };
}

const serialize = (input: unknown) => JSON.stringify(transformer.input.serialize(input));

/** The value of one sample line, e.g. `trellis_trpc_call_duration_seconds_count{procedure="account.me",…}`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split("\n")
    .find((candidate) => candidate.startsWith(`${name}{`) && wanted.every((pair) => candidate.includes(pair)));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

/** Sample lines (series) of the metrics whose names start with `prefix`. */
const seriesOf = (text: string, prefix: string) => text.split("\n").filter((line) => line.startsWith(prefix)).length;

describe("/api/metrics on the HTTP stack", () => {
  let metrics: Metrics;
  let side: Awaited<ReturnType<typeof serve>>;
  const scrape = async () => {
    const response = await fetch(`${side.url}${METRICS_PATH}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  beforeAll(async () => {
    metrics = createMetrics();
    side = await serve(TOKEN, metrics);
  });
  afterAll(async () => {
    await side.close();
    metrics.close();
  });

  it("counts a REST read, a tRPC query, a mutation and a 404, and their SQL", async () => {
    const before = await scrape();
    const { url, api } = side;
    const asAlice = { authorization: `Bearer ${api.tokens.alice}` };
    const { id: aliceId } = await api.as.alice.account.updateProfile({ name: "Counted" });

    expect((await fetch(`${url}/api/v1/me`, { headers: asAlice })).status).toBe(200);
    const query = await fetch(`${url}/api/trpc/account.me`, { headers: asAlice });
    expect(query.status).toBe(200);
    const mutation = await fetch(`${url}/api/trpc/account.updateProfile`, {
      method: "POST",
      headers: { ...asAlice, "content-type": "application/json" },
      body: serialize({ name: "Renamed through tRPC" }),
    });
    expect(mutation.status).toBe(200);
    expect((await fetch(`${url}/no/such/page`)).status).toBe(404);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    const http = "trellis_http_request_duration_seconds_count";
    expect(moved(http, { route: "/api/v1/me", method: "GET", status: "200" })).toBe(1);
    expect(moved(http, { route: "/api/trpc", method: "GET", status: "200" })).toBe(1);
    expect(moved(http, { route: "/api/trpc", method: "POST", status: "200" })).toBe(1);
    expect(moved(http, { route: "other", method: "GET", status: "404" })).toBe(1);
    const trpc = "trellis_trpc_call_duration_seconds_count";
    // The REST read calls account.me too, and api.as.alice's rename is a call of its own.
    expect(moved(trpc, { procedure: "account.me", type: "query", outcome: "ok" })).toBe(2);
    expect(moved(trpc, { procedure: "account.updateProfile", type: "mutation", outcome: "ok" })).toBe(2);
    const sql = "trellis_sql_statement_duration_seconds_count";
    const dialect = side.api.testDb.dialect;
    expect(moved(sql, { dialect, operation: "select", outcome: "ok" })).toBeGreaterThanOrEqual(2);
    expect(moved(sql, { dialect, operation: "update", outcome: "ok" })).toBeGreaterThanOrEqual(2);
    // Node's process metrics, on this registry.
    expect(after).toContain("process_resident_memory_bytes");
    expect(after).toContain("nodejs_eventloop_lag_seconds");
    // Never an id or SQL in a label.
    expect(after).not.toContain(aliceId);
    expect(after).not.toMatch(/\{[^}]*="[^"]*\s[^"]*"/);
  });

  it("keeps its series bounded whatever ids are asked for", async () => {
    const { url } = side;
    const ask = async (path: string) => (await fetch(`${url}${path}`)).body?.cancel();
    await ask(`/api/v1/users/${randomUUID()}`);
    await ask(`/users/${randomUUID()}`);
    const warm = await scrape();
    // A thousand requests, forty at a time: 500 to REST paths no route has, 500 pages.
    for (let round = 0; round < 25; round++) {
      await Promise.all(
        Array.from({ length: 20 }, () => [ask(`/api/v1/users/${randomUUID()}`), ask(`/users/${randomUUID()}`)]).flat(),
      );
    }
    const text = await scrape();
    const series = seriesOf(text, "trellis_");
    // Rate limiting may add a 429 row, once (its label set is as bounded as the rest).
    expect(series).toBeLessThanOrEqual(seriesOf(warm, "trellis_") + 2 * 14);
    expect(text).not.toMatch(/route="[^"]*[0-9a-f-]{36}"/);
    expect(sample(text, "trellis_http_request_duration_seconds_count", { route: "/users/[id]" })).toBe(501);
  }, 120_000);

  it("answers 401 with WWW-Authenticate to a missing or wrong token", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong-token-0123456789" },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${side.url}${METRICS_PATH}`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain("trellis_");
    }
  });
});

describe("/api/metrics without METRICS_TOKEN", () => {
  it("is 404, and nothing is collected", async () => {
    const side = await serve(undefined, null);
    try {
      const response = await fetch(`${side.url}${METRICS_PATH}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
    } finally {
      await side.close();
    }
  });
});
