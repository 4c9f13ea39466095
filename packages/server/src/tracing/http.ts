import type { IncomingMessage, ServerResponse } from "node:http";
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { tracingOn } from "@trellis/api/tracing-switch";
import { tracerNow } from "@trellis/jobs/spans";

import { APP_ROUTES, pathTemplates } from "../http/route-templates";

const tracer = () => tracerNow("trellis.http");

/** Spans are named by the same route table as metrics' labels (REST as one route: the router is not loaded here). */
const routeTemplate = pathTemplates(APP_ROUTES);

export interface TraceRequestOptions {
  /**
   * Whether the caller's `traceparent` is believed: only behind proxies the
   * server trusts (TRUSTED_PROXY_HOPS > 0), which set or strip it. Anyone can
   * send one; believed from anyone, it would put a stranger's trace id on our
   * spans (and a stranger's sampling decision on our traces).
   */
  trustCallerTrace?: boolean;
}

/**
 * Runs `answer` inside the request's SERVER span, named "<METHOD> <route>".
 * Its parent is the caller's trace when the caller sent a W3C `traceparent`
 * and is trusted (`trustCallerTrace`); otherwise the span starts a trace of
 * its own, with a link to the caller's context, so the two can still be
 * followed from one to the other. The span ends when the response does, with
 * its status; a 5xx marks it an error. The attribute names are OpenTelemetry's
 * HTTP conventions, written out: the conventions package is not loaded on the
 * path that runs with tracing off — which calls straight through, before
 * reading a header or computing a route.
 */
export function traceRequest<T>(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  answer: () => Promise<T>,
  { trustCallerTrace = false }: TraceRequestOptions = {},
): Promise<T> {
  if (!tracingOn()) return answer();
  const caller = propagation.extract(ROOT_CONTEXT, req.headers);
  const callerSpan = trace.getSpanContext(caller);
  const parent = trustCallerTrace ? caller : ROOT_CONTEXT;
  const method = req.method ?? "GET";
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const route = routeTemplate(path);
  const span = tracer().startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        "http.request.method": method,
        "http.route": route,
        "url.path": path,
        "trellis.request_id": requestId,
      },
      links: !trustCallerTrace && callerSpan ? [{ context: callerSpan }] : [],
    },
    parent,
  );
  if (!span.isRecording()) return answer();
  res.once("close", () => {
    span.setAttribute("http.response.status_code", res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  return context.with(trace.setSpan(parent, span), answer);
}
