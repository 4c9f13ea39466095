import type { IncomingMessage, Server, ServerResponse } from "node:http";

import type { Logger } from "@trellis/server/log";
import { traceRequest } from "@trellis/server/tracing";

import { clientIpOf, trustedProxyHops } from "./client-ip";
import { adoptRequestId, logWhenDone } from "./http-log";
import { metricsForRequest } from "./metrics";
import { guardRequest, refuseTunnel, refuseUnparsable } from "./node-guard";
import type { FrontDoorCache } from "./page-cache-bus";
import { type RequestScope, requestScope } from "./request-scope";
import type { ServerActions } from "./unserved-requests";

/**
 * What answers a request once the front door has let it in: the production
 * server's lean tRPC path then Next, or Next alone.
 */
export type Inner = (req: IncomingMessage, res: ServerResponse) => unknown;

export type FrontDoor = (req: IncomingMessage, res: ServerResponse, inner: Inner) => void;

/**
 * Everything a request gets before anything answers it, the same under
 * `pnpm start` (server.ts) and under `next start` and `next dev`
 * (./next-front-door.ts), so the three differ only in what answers
 * (docs/decisions/032):
 *
 * 1. its id — the caller's `X-Request-Id` when fit to echo, else a new one —
 *    written into the request's headers and the response's (./http-log.ts);
 * 2. one log line when its response is done, with status and duration, and
 *    its metrics when they are on (./metrics.ts);
 * 3. the client's address, from the socket (./client-ip.ts);
 * 4. the security headers on whatever answers, a cross-site write refused
 *    with 403, a method nothing serves with 405, a forged server action with
 *    404 (./node-guard.ts);
 * 5. a scope (./request-scope.ts) around whatever answers, carrying the id,
 *    the address and the viewer down to the handlers and back to the log line;
 * 6. a 500 with the request id and no stack if what answers throws;
 * 7. with a page cache (./page-cache-bus.ts, not under `next dev`), a public
 *    page a signed-out reader has been given since the last write, and every
 *    write announced to every instance's cache (docs/decisions/037);
 * 8. with tracing on, a span around it all, continuing the caller's trace
 *    only behind trusted proxies (TRUSTED_PROXY_HOPS), else linked to it.
 */
export function createFrontDoor({
  log,
  serverActions,
  pageCache,
  trustCallerTrace = trustedProxyHops() > 0,
}: {
  log: Logger;
  serverActions: ServerActions;
  pageCache?: FrontDoorCache | undefined;
  /** Whether a caller's `traceparent` is continued; default: behind trusted proxies (TRUSTED_PROXY_HOPS > 0). */
  trustCallerTrace?: boolean;
}): FrontDoor {
  return function frontDoor(req, res, inner) {
    const scope: RequestScope = { requestId: adoptRequestId(req, res), clientIp: clientIpOf(req), userId: null };
    logWhenDone(req, res, scope, log, metricsForRequest(req));
    void requestScope().run(scope, () =>
      // 8. the request's span, when tracing is on (@trellis/server/tracing, docs/decisions/049).
      traceRequest(
        req,
        res,
        scope.requestId,
        async () => {
          try {
            if (guardRequest(req, res, serverActions)) return;
            await (pageCache ? pageCache.answer(req, res, () => inner(req, res)) : inner(req, res));
          } catch (error) {
            log.error({ requestId: scope.requestId, err: error }, `${req.method} ${req.url?.split("?")[0]} failed`);
            if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
            res.end(`Internal server error (request ${scope.requestId})`);
          }
        },
        { trustCallerTrace },
      ),
    );
  };
}

/**
 * How long an idle keep-alive connection stays open. Node's default, 5 s, is
 * shorter than a load balancer's or a client's idle timeout (AWS's ALB keeps
 * 60 s): a client that reuses its connection just as the server closes it
 * gets a reset, not an answer, and a proxy turns that into a 502. Longer than
 * theirs, the client or the proxy always closes first.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * The connection rules of every server: idle keep-alive connections outlive
 * the client's and the proxy's (KEEP_ALIVE_TIMEOUT_MS); what never becomes a
 * request is answered the same everywhere — CONNECT (405, where Node would drop
 * the socket unanswered) and what Node cannot parse (a fitting status and a log
 * line, where Node answers 400 silently).
 */
export function guardConnections(server: Server, log: Logger): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Node refuses a request whose headers are slower than this; it must not cut a kept-alive connection first.
  server.headersTimeout = Math.max(server.headersTimeout, KEEP_ALIVE_TIMEOUT_MS + 1_000);
  server.on("connect", (req: IncomingMessage, socket) => refuseTunnel(req, socket, log));
  // Replaces Node's default answer, which applies only while no listener is attached.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => refuseUnparsable(error, socket, log));
}

const globalForFrontDoor = globalThis as typeof globalThis & { trellisFrontDoorOwner?: string };

/**
 * Says that `owner` puts its own front door in front of Next — the production
 * server does, before Next loads — so that Next's instrumentation does not put
 * a second one. On globalThis: instrumentation runs from Next's bundle, with
 * its own copy of this module.
 */
export function claimFrontDoor(owner: string): void {
  globalForFrontDoor.trellisFrontDoorOwner = owner;
}

export function frontDoorOwner(): string | undefined {
  return globalForFrontDoor.trellisFrontDoorOwner;
}
