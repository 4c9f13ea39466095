/**
 * The production server, `pnpm start`: one Node process that answers tRPC
 * queries and mutations itself, through the lean handler, and hands every
 * other request — pages, assets, REST, Auth.js, subscriptions — to Next.js.
 * The lean path is the same API (a differential test compares it call by
 * call with tRPC's stock handler) at a fraction of the cost per request
 * (docs/decisions/018, bench/). `next dev` and hosts that run `next start`
 * keep the stock route handler, app/api/trpc/[trpc]/route.ts, which stays.
 *
 * `pnpm build` bundles this file and the workspace sources it imports into
 * plain JavaScript, the entry of the production artifact (../artifact.ts,
 * scripts/bundle-server.mjs, docs/decisions/030), which `pnpm start` runs:
 *
 *   node dist/trellis/server.mjs [--hostname 0.0.0.0] [--port 3000]
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";

import { appRouter } from "@trellis/api";
import { createLeanHandler, headersOf, httpResponseMeta } from "@trellis/api/http";
import { logger, logIfUnexpected } from "@trellis/api/log";
import { settings } from "@trellis/validators/settings";
import next from "next";

import { stampClientIp } from "./src/server/client-ip";
import { serverSettings } from "./src/server/env";
import { stopGracefullyOnSignals } from "./src/server/graceful-shutdown";
import { adoptRequestId, logWhenDone } from "./src/server/http-log";
import { guardRequest, refuseTunnel, refuseUnparsable } from "./src/server/node-guard";
import { contextFromHeaders } from "./src/server/request-context";
import { type RequestScope, requestScope } from "./src/server/request-scope";
import { startServicesOrExit } from "./src/server/startup";
import { serverActionIds } from "./src/server/unserved-requests";

const { values } = parseArgs({ options: { hostname: { type: "string" }, port: { type: "string" } } });
const hostname = values.hostname ?? "0.0.0.0";

await startServicesOrExit();
// After the check: a bad PORT has been refused in one line by now; an empty one means 3000.
const port = values.port ? Number(values.port) : settings().port;
const log = logger();
const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
await app.prepare();
const handleNext = app.getRequestHandler();
// A POST naming any other server action is forged (or from another build): answered 404 before Next sees it.
const serverActions = serverActionIds(import.meta.dirname);

const handleTRPC = createLeanHandler({
  router: appRouter,
  endpoint: "/api/trpc",
  createContext: (req) => contextFromHeaders(headersOf(req)),
  responseMeta: httpResponseMeta,
  onError({ error, path }) {
    // Expected errors (bad input, not found) are the caller's business; only a bug deserves the log.
    const requestId = requestScope().getStore()?.requestId;
    logIfUnexpected({ code: error.code, error, requestId, where: `tRPC ${path ?? "<no path>"}` });
  },
});

// Every request gets an id (echoed in X-Request-Id) and one log line when it is done; the scope
// carries both down to whatever answers it, the lean path or Next.
const server = createServer((req, res) => {
  const scope: RequestScope = { requestId: adoptRequestId(req, res), userId: null };
  logWhenDone(req, res, scope, log);
  void requestScope().run(scope, () => handle(req, res, scope));
});

async function handle(req: IncomingMessage, res: ServerResponse, scope: RequestScope) {
  try {
    // The client's address, from the socket (or trusted proxies), for rate limits here and in Next's handlers.
    stampClientIp(req);
    // Security headers on every response, and cross-site writes refused before anything reads them (ADR 020).
    if (guardRequest(req, res, serverActions)) return;
    if (await handleTRPC(req, res)) return;
    await handleNext(req, res);
  } catch (error) {
    log.error({ requestId: scope.requestId, err: error }, `${req.method} ${req.url?.split("?")[0]} failed`);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end(`Internal server error (request ${scope.requestId})`);
  }
}

// CONNECT never becomes a "request": Node hands over the socket, and with no listener drops it unanswered.
server.on("connect", (req, socket) => refuseTunnel(req, socket, log));
// What Node cannot parse (an unknown method like TRACK, a malformed request) gets a status and a log line.
server.on("clientError", (error, socket) => refuseUnparsable(error, socket, log));

server.listen(port, hostname, () => log.info({ hostname, port }, `Trellis is serving http://${hostname}:${port}`));

// On SIGTERM or SIGINT: ready turns 503, new connections are refused, live streams close (their
// clients reconnect elsewhere and resume), requests in flight finish within SHUTDOWN_TIMEOUT_MS,
// then the job worker, the event bus and the database close, and the process exits 0.
stopGracefullyOnSignals(server, { timeoutMs: serverSettings().shutdownTimeoutMs, log });
