import type { IncomingMessage, ServerResponse } from "node:http";
import { REQUEST_ID_HEADER, requestIdFrom } from "@trellis/api/request-id";
import type { Logger } from "@trellis/server/log";
import { METRICS_PATH } from "@trellis/server/metrics";

import { CACHE_HEADER } from "./page-cache";
import type { RequestScope } from "./request-scope";

/**
 * Gives the request its id — the caller's `X-Request-Id` when it is fit to
 * echo, else a new one — and writes it back into the request's headers, so
 * every layer below (the lean tRPC path, Next's route handlers) reads the same
 * id, and into the response's, so the caller can quote it.
 */
export function adoptRequestId(req: IncomingMessage, res: ServerResponse): string {
  const requestId = requestIdOf(req);
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  return requestId;
}

/** The request's id: its `X-Request-Id` when that is fit to echo, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers[REQUEST_ID_HEADER];
  return requestIdFrom(typeof sent === "string" ? sent : undefined);
}

/** Asked every few seconds by a load balancer or Prometheus: a healthy answer is not news (logged at debug). */
const probes = new Set(["/api/health", "/api/ready", METRICS_PATH]);

/**
 * One log line per request, when its response is done (or its connection
 * dropped): method, path — never the query string, which may carry a reset
 * token — status, duration, request id, the viewer when a context found one,
 * and, for a public page, whether the page cache answered it (./page-cache.ts).
 * `alsoWhenDone` runs in the same listener (the request's metrics, ./metrics.ts).
 */
export function logWhenDone(
  req: IncomingMessage,
  res: ServerResponse,
  scope: RequestScope,
  log: Logger,
  alsoWhenDone?: (res: ServerResponse) => void,
): void {
  const started = performance.now();
  res.once("close", () => {
    alsoWhenDone?.(res);
    const line = {
      requestId: scope.requestId,
      method: req.method,
      path: (req.url ?? "/").split("?")[0],
      status: res.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      userId: scope.userId,
      ...(res.hasHeader(CACHE_HEADER) ? { cache: res.getHeader(CACHE_HEADER) } : {}),
      // A response cut before it finished (client gone, or a stream closed by a shutdown).
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    const message = `${line.method} ${line.path} ${line.status}`;
    if (res.statusCode >= 500) log.error(line, message);
    // A load balancer probes, Prometheus scrapes, every few seconds: a healthy answer is not news.
    else if (probes.has(line.path ?? "") && res.statusCode === 200) log.debug(line, message);
    else log.info(line, message);
  });
}
