import type { IncomingMessage, ServerResponse } from "node:http";
import type { RouteOf } from "../http/route-templates";
import type { Metrics } from "./registry";

/**
 * Starts timing a request, under its route template (read now: Next may
 * rewrite `req.url` on the way), and returns what records it once its
 * response is done (or its connection dropped). The caller calls that from
 * the `close` listener it already has — the front door's log line — rather
 * than adding one more: Next puts many on a response under `next dev`.
 */
export function startRequest(metrics: Metrics, routeOf: RouteOf, req: IncomingMessage): (res: ServerResponse) => void {
  const started = performance.now();
  const route = routeOf(req);
  return (res) => {
    const seconds = (performance.now() - started) / 1000;
    metrics.recordRequest({ route, method: req.method ?? "GET", status: res.statusCode, seconds });
  };
}
