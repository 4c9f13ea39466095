import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { appRouter, createContext, type Viewer } from "@trellis/api";
import { traceEvents } from "@trellis/api/events";
import { setupRouterTest, TEST_IP } from "@trellis/api/testing";
import { transformer } from "@trellis/api/transformer";
import type { DataLayer } from "@trellis/db";
import { currentTestDialect } from "@trellis/db/testing";
import { createLeanHandler, headersOf } from "@trellis/server/http";
import { createLogger, type Logger } from "@trellis/server/log";
import { startTracing, stopTracing } from "@trellis/server/tracing";
import {
  context,
  propagation,
  type ReadableSpan,
  SpanKind,
  trace,
  traceInMemory,
} from "@trellis/server/tracing/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { createFrontDoor } from "./front-door";
import { serverActionIds } from "./unserved-requests";

/**
 * The span tree of a request through the real HTTP stack — the front door,
 * the lean tRPC handler, the procedures, the data layer on the dialect under
 * test, the event bus and the job queue — with spans kept in memory
 * (docs/observability.md).
 */

const router = await setupRouterTest();
const { testDb, alice } = router;
const events = traceEvents(router.events);

/** Renames, then announces it on the traced bus: a write that publishes, as an app's own resources do. */
const announceRename: DataLayer["users"]["rename"] = async (input) => {
  const renamed = await testDb.data.users.rename(input);
  await events.publish({ type: "content.changed" });
  return renamed;
};

/** A data layer whose renames fail as a bug would. */
const failingRename = (): DataLayer => ({
  ...testDb.data,
  users: { ...testDb.data.users, rename: () => Promise.reject(new Error("the disk is on fire")) },
});

/** A logger whose lines land in `lines`, parsed. */
function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: "info", destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  return { log, lines };
}

/** The app's stack in small: front door, then the lean tRPC handler, with Alice signed in when asked. */
async function serve({
  log,
  data = testDb.data,
  trustCallerTrace = false,
}: {
  log: Logger;
  data?: DataLayer;
  trustCallerTrace?: boolean;
}): Promise<Server> {
  const viewerOf = (headers: Headers): Viewer | null => (headers.get("x-test-viewer") === "alice" ? alice : null);
  const handleTRPC = createLeanHandler({
    router: appRouter,
    endpoint: "/api/trpc",
    createContext: async (req) => {
      const headers = headersOf(req);
      return createContext({
        data,
        viewer: viewerOf(headers),
        jobs: router.jobs,
        events,
        appUrl: "http://trellis.test",
        ip: TEST_IP,
        rateLimits: router.rateLimits,
        requestId: headers.get("x-request-id") ?? undefined,
        log,
      });
    },
  });
  const frontDoor = createFrontDoor({ log, serverActions: serverActionIds(import.meta.dirname), trustCallerTrace });
  const server = createServer((req, res) =>
    frontDoor(req, res, async () => {
      if (await handleTRPC(req, res)) return;
      res.statusCode = 404;
      res.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return server;
}

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

/** A tRPC mutation over HTTP, as the app's client sends it (devalue on the wire). */
function mutate(server: Server, path: string, input: unknown, headers: Record<string, string> = {}) {
  const { port } = server.address() as AddressInfo;
  const body = JSON.stringify(transformer.input.serialize(input));
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpRequest({
      host: "127.0.0.1",
      port,
      path: `/api/trpc/${path}`,
      method: "POST",
      // One connection per request, closed after it: nothing kept open past the test.
      headers: { connection: "close", "content-type": "application/json", "x-test-viewer": "alice", ...headers },
    });
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      // The request's span ends when its response closes: wait for that too.
      response.on("end", () => setImmediate(() => resolve({ status: response.statusCode ?? 0, body: text })));
    });
    request.on("error", reject);
    request.end(body);
  });
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;

describe("with tracing on", () => {
  let tracing: ReturnType<typeof traceInMemory>;
  beforeAll(() => {
    tracing = traceInMemory();
  });
  afterAll(() => tracing.stop());
  beforeEach(() => tracing.reset());
  const { log } = captureLog();

  it("traces a mutation from the request through the procedure to its SQL and the event it publishes, as one tree", async () => {
    // A procedure that announces its write, as an app's own resources do (the starter's own publish none).
    const announcing = { ...testDb.data, users: { ...testDb.data.users, rename: announceRename } };
    const server = await serve({ log, data: announcing });
    const answer = await mutate(server, "account.updateProfile", { name: "Traced" });
    expect(answer.status).toBe(200);

    const spans = tracing.spans();
    const http = spans.find((span) => span.kind === SpanKind.SERVER);
    const procedure = spans.find((span) => span.name === "account.updateProfile");
    const publish = spans.find((span) => span.name === "publish content.changed");
    const statements = spans.filter((span) => span.attributes["db.system"] !== undefined);
    expect(http?.name).toBe("POST /api/trpc");
    expect(http?.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/api/trpc",
      "http.response.status_code": 200,
    });
    expect(http?.attributes["trellis.request_id"]).toEqual(expect.any(String));
    expect(procedure?.attributes).toMatchObject({ "trellis.outcome": "ok", "trellis.procedure.type": "mutation" });
    expect(publish?.kind).toBe(SpanKind.PRODUCER);
    // The update, at least; whatever else the write takes, each statement is a child of the procedure.
    expect(statements.map((span) => span.attributes["db.operation"])).toContain("UPDATE");
    const system = currentTestDialect() === "sqlite" ? "sqlite" : "postgresql";
    for (const statement of statements) {
      expect(statement.kind).toBe(SpanKind.CLIENT);
      expect(statement.attributes["db.system"]).toBe(system);
      expect(parentOf(statement)).toBe(procedure && idOf(procedure));
      // Never the SQL or its values: an operation and a system, nothing else.
      expect(Object.keys(statement.attributes).sort()).toEqual(["db.operation", "db.system"]);
    }
    if (!http || !procedure || !publish) throw new Error("a span is missing");
    expect(parentOf(http)).toBeUndefined();
    expect(parentOf(procedure)).toBe(idOf(http));
    expect(parentOf(publish)).toBe(idOf(procedure));
    expect(new Set([http, procedure, publish, ...statements].map(traceOf)).size).toBe(1);
  });

  it("starts a trace of its own, linked to the caller's, when the caller is not behind trusted proxies", async () => {
    const server = await serve({ log });
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const callerSpan = "00f067aa0ba902b7";
    await mutate(
      server,
      "account.updateProfile",
      { name: "Untrusted" },
      { traceparent: `00-${traceId}-${callerSpan}-01` },
    );
    const http = tracing.spans().find((span) => span.kind === SpanKind.SERVER);
    if (!http) throw new Error("the request's span is missing");
    expect(traceOf(http)).not.toBe(traceId);
    expect(parentOf(http)).toBeUndefined();
    expect(http.links.map((link) => link.context)).toEqual([expect.objectContaining({ traceId, spanId: callerSpan })]);
    expect(tracing.spans().some((span) => traceOf(span) === traceId)).toBe(false);
  });

  it("continues the caller's trace when the request carries a traceparent and its proxies are trusted", async () => {
    const server = await serve({ log, trustCallerTrace: true });
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const callerSpan = "00f067aa0ba902b7";
    await mutate(
      server,
      "account.updateProfile",
      { name: "Continued" },
      {
        traceparent: `00-${traceId}-${callerSpan}-01`,
      },
    );
    const http = tracing.spans().find((span) => span.kind === SpanKind.SERVER);
    expect(http && traceOf(http)).toBe(traceId);
    expect(http && parentOf(http)).toBe(callerSpan);
    expect(tracing.spans().every((span) => traceOf(span) === traceId)).toBe(true);
  });

  it("runs a job enqueued by a request as a child of that request's procedure, in its trace", async () => {
    const server = await serve({ log });
    await mutate(server, "account.requestPasswordReset", { email: "alice@example.com" });
    const procedure = tracing.spans().find((span) => span.name === "account.requestPasswordReset");
    tracing.reset();
    // The worker runs outside any request: the job's own stored context is all that links them.
    await context.with(trace.deleteSpan(context.active()), () => router.runJobs());
    const job = tracing.spans().find((span) => span.name === "job email.password-reset");
    if (!job || !procedure) throw new Error("a span is missing");
    expect(job.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(job)).toBe(idOf(procedure));
    expect(traceOf(job)).toBe(traceOf(procedure));
    // Its own SQL (looking the account up) hangs under it.
    const lookups = tracing.spans().filter((span) => span.attributes["db.system"] && parentOf(span) === idOf(job));
    expect(lookups.length).toBeGreaterThan(0);
  });

  it("writes the trace id into an unexpected error's log line, and marks the span failed with the exception", async () => {
    const { log: errorLog, lines } = captureLog();
    const server = await serve({ log: errorLog, data: failingRename() });
    const answer = await mutate(server, "account.updateProfile", { name: "Doomed" });
    expect(answer.status).toBe(500);
    const procedure = tracing.spans().find((span) => span.name === "account.updateProfile");
    const failure = lines.find((line) => line.level === 50);
    expect(failure?.trace_id).toBe(procedure && traceOf(procedure));
    expect(failure?.span_id).toBe(procedure && idOf(procedure));
    expect(procedure?.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(procedure?.events.map((event) => event.name)).toContain("exception");
    expect(procedure?.attributes["trellis.outcome"]).toBe("INTERNAL_SERVER_ERROR");
    // Lines that are not errors say nothing of traces.
    expect(lines.filter((line) => line.level !== 50).every((line) => !("trace_id" in line))).toBe(true);
  });
});

describe("with tracing off", () => {
  it("answers a request straight through: no header read, no span, no context", async () => {
    const extract = vi.spyOn(propagation, "extract");
    const switchContext = vi.spyOn(context, "with");
    try {
      const { log } = captureLog();
      const server = await serve({ log, trustCallerTrace: true });
      const answer = await mutate(
        server,
        "account.updateProfile",
        { name: "Untraced" },
        { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
      );
      expect(answer.status).toBe(200);
      expect(extract).not.toHaveBeenCalled();
      expect(switchContext).not.toHaveBeenCalled();
    } finally {
      extract.mockRestore();
      switchContext.mockRestore();
    }
  });

  it("writes no trace id into an unexpected error's log line (the same failure has one with tracing on)", async () => {
    const { log: errorLog, lines } = captureLog();
    const server = await serve({ log: errorLog, data: failingRename() });
    expect((await mutate(server, "account.updateProfile", { name: "Doomed" })).status).toBe(500);
    const failure = lines.find((line) => line.level === 50);
    expect(failure).toBeDefined();
    expect(failure).not.toHaveProperty("trace_id");
    expect(failure).not.toHaveProperty("span_id");
  });

  it("loads no SDK and records nothing when OTEL_EXPORTER_OTLP_ENDPOINT is unset", async () => {
    let loads = 0;
    // startTracing keeps its answer for the process: cleared after, for the files that follow in this worker.
    const started = await startTracing({
      endpoint: undefined,
      load: () => {
        loads += 1;
        throw new Error("the SDK must not load");
      },
    }).finally(stopTracing);
    expect(started).toBeNull();
    expect(loads).toBe(0);
    // The API's no-op: a span started anywhere does not record, and there is no trace to name.
    const span = trace.getTracer("anything").startSpan("nothing");
    expect(span.isRecording()).toBe(false);
    span.end();
    const { log, lines } = captureLog();
    const server = await serve({ log });
    expect((await mutate(server, "account.updateProfile", { name: "Untraced" })).status).toBe(200);
    expect(lines.every((line) => !("trace_id" in line))).toBe(true);
  });
});
