/**
 * The production server, `pnpm start`: one Node process that answers tRPC
 * queries and mutations itself, through the lean handler, and the REST API
 * with the same handler as Next's route (docs/decisions/036), and hands every
 * other request — pages, assets, Auth.js, subscriptions — to Next.js.
 * The lean path is the same API (a differential test compares it call by
 * call with tRPC's stock handler) at a fraction of the cost per request
 * (docs/decisions/018, bench/). `next dev` and hosts that run `next start`
 * keep the stock route handler, app/api/trpc/[trpc]/route.ts, which stays.
 *
 * `pnpm build` bundles this file and the workspace sources it imports into
 * plain JavaScript, the entry of the production artifact (../artifact.ts,
 * scripts/bundle-server.mjs, docs/decisions/030), which `pnpm start` runs:
 *
 *   node dist/trellis/server.mjs [--hostname 0.0.0.0] [--port N]
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";

import { appRouter } from "@trellis/api";
import { createLeanHandler, headersOf, httpResponseMeta, serveOnNode } from "@trellis/server/http";
import { logger, logIfUnexpected } from "@trellis/server/log";
import { answerMetrics, METRICS_PATH } from "@trellis/server/metrics";
import { settings } from "@trellis/validators/settings";
import next from "next";

import { serverSettings } from "./src/server/env";
import { claimFrontDoor, createFrontDoor, guardConnections } from "./src/server/front-door";
import { stopGracefullyOnSignals } from "./src/server/graceful-shutdown";
import { getMetrics } from "./src/server/metrics";
import { openPageCache } from "./src/server/page-cache-bus";
import { contextFromHeaders } from "./src/server/request-context";
import { requestScope } from "./src/server/request-scope";
import { createRestApi, isRestApiRequest, restApiFailure } from "./src/server/rest-api";
import { startServicesOrExit } from "./src/server/startup";
import { serverActionIds } from "./src/server/unserved-requests";

const { values } = parseArgs({ options: { hostname: { type: "string" }, port: { type: "string" } } });
const hostname = values.hostname ?? "0.0.0.0";

await startServicesOrExit();
// After the check: a bad PORT has been refused in one line by now; an empty one means 3000. Prefer PORT to
// --port in a deployment: the image's HEALTHCHECK and the default APP_URL (links in emails) read PORT.
const port = values.port ? Number(values.port) : settings().port;
const log = logger();
// This server puts the front door before Next itself; Next's instrumentation must not add another (ADR 032).
claimFrontDoor("production server");
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

// REST on Node's own request and response, without Next's routing on the way: the same answers as its route.
const handleREST = serveOnNode(createRestApi(), (req) => isRestApiRequest(req.method, req.url), restApiFailure);

// Prometheus' scrape, answered as Next's route would (app/api/metrics/route.ts): the same function.
const handleMetrics = serveOnNode(
  (request) => answerMetrics(request, { token: settings().metricsToken, metrics: getMetrics() }),
  (req) => req.url?.split("?", 1)[0] === METRICS_PATH,
  restApiFailure,
);

// Every request passes the front door first — its id, its log line, the client's address, the security
// headers and the refusals (ADR 020, 032), as under `next start` and `next dev` — then the lean path or Next.
// Signed-out readers of the feed and of posts are answered from the page cache between writes (ADR 037).
const frontDoor = createFrontDoor({ log, serverActions, pageCache: openPageCache(log) });
const server = createServer((req, res) =>
  frontDoor(req, res, async () => {
    if (await handleTRPC(req, res)) return;
    if (await handleREST(req, res)) return;
    if (await handleMetrics(req, res)) return;
    await handleNext(req, res);
  }),
);
// CONNECT, and what Node cannot parse (an unknown method like TRACK, a malformed request): a status and a log line.
guardConnections(server, log);

server.listen(port, hostname, () => log.info({ hostname, port }, `Trellis is serving http://${hostname}:${port}`));

// On SIGTERM or SIGINT: ready turns 503, new connections are refused, live streams close (their
// clients reconnect elsewhere and resume), requests in flight finish within SHUTDOWN_TIMEOUT_MS,
// then the job worker, the event bus and the database close, and the process exits 0.
stopGracefullyOnSignals(server, { timeoutMs: serverSettings().shutdownTimeoutMs, log });
