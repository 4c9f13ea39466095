import type { IncomingMessage, ServerResponse } from "node:http";
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

import { APP_ROUTES, pathTemplates } from "../http/route-templates";

// A ProxyTracer: a no-op until a provider is registered (./start.ts), then the provider's.
const tracer = trace.getTracer("trellis.http");

/** Spans are named by the same route table as metrics' labels (REST as one route: the router is not loaded here). */
const routeTemplate = pathTemplates(APP_ROUTES);

/**
 * Runs `answer` inside the request's SERVER span, named "<METHOD> <route>",
 * which continues the caller's trace when it sent a W3C `traceparent`. The
 * span ends when the response does, with its status; a 5xx marks it an error.
 * The attribute names are OpenTelemetry's HTTP conventions, written out: the
 * conventions package is not loaded on the path that runs with tracing off.
 */
export function traceRequest<T>(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  answer: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const method = req.method ?? "GET";
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const route = routeTemplate(path);
  const span = tracer.startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        "http.request.method": method,
        "http.route": route,
        "url.path": path,
        "trellis.request_id": requestId,
      },
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
