import type { IncomingMessage, ServerResponse } from "node:http";

import type { Metrics } from "./registry";
import type { RouteOf } from "./routes";

/**
 * Records the request when its response is done (or its connection dropped),
 * under its route template (read now: Next may rewrite `req.url` on the way).
 * Called by the front door, for every server (docs/decisions/032).
 */
export function observeRequest(metrics: Metrics, routeOf: RouteOf, req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  const route = routeOf(req);
  res.once("close", () => {
    const seconds = (performance.now() - started) / 1000;
    metrics.recordRequest({ route, method: req.method ?? "GET", status: res.statusCode, seconds });
  });
}
