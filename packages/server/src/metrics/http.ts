import type { IncomingMessage, ServerResponse } from "node:http";
import type { RouteOf } from "../http/route-templates";
import type { Metrics } from "./registry";

/**
 * Starts timing a request, under its route template (read now: Next may
 * rewrite `req.url` on the way), and returns what records it once its
 * response is done (or its connection dropped). The caller calls that from
 * the `close` listener it already has — the front door's log line — rather
 * than adding one more: Next puts many on a response under `next dev`.
 *
 * Two kinds of response are not what the duration histogram measures:
 * - a live stream (`text/event-stream`, tRPC subscriptions) stays open for
 *   minutes by design; timed, it would land in +Inf and drive the p99 alert.
 *   It is left out — `trellis_live_streams` counts streams instead;
 * - a response that never finished (the client went away first) did not
 *   answer with the status it had set: it is recorded as `aborted`.
 */
export function startRequest(metrics: Metrics, routeOf: RouteOf, req: IncomingMessage): (res: ServerResponse) => void {
  const started = performance.now();
  const route = routeOf(req);
  return (res) => {
    if (isEventStream(req, res)) return;
    const seconds = (performance.now() - started) / 1000;
    const status = res.writableFinished ? res.statusCode : "aborted";
    metrics.recordRequest({ route, method: req.method ?? "GET", status, seconds });
  };
}

/**
 * A live stream, told by either side: EventSource (httpSubscriptionLink)
 * always asks with `Accept: text/event-stream`, and a stream answered through
 * `setHeader` says so in its content type (headers given to `writeHead`
 * alone are not readable back, hence the request's side too).
 */
function isEventStream(req: IncomingMessage, res: ServerResponse): boolean {
  const type = res.getHeader("content-type");
  if (typeof type === "string" && type.toLowerCase().startsWith("text/event-stream")) return true;
  return req.headers.accept?.toLowerCase().includes("text/event-stream") ?? false;
}
