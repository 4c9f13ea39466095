import { SpanStatusCode, trace } from "@opentelemetry/api";
import { tracerNow } from "@trellis/jobs/spans";

const tracer = () => tracerNow("trellis.trpc");

type CallResult = { ok: true } | { ok: false; error: { code: string } };

/**
 * Runs a procedure call inside its span, named by the procedure's path
 * ("post.create"), with its type, request id and outcome ("ok" or the error
 * code). Only an unexpected error (INTERNAL_SERVER_ERROR) marks the span
 * failed; its exception is recorded by the call's error log line. A call
 * outside any trace (tracing off, or a test's direct caller) gets no span.
 */
export function traceCall<R extends CallResult>(
  call: { path: string; type: string; requestId: string },
  next: () => Promise<R>,
): Promise<R> {
  // Only within a trace (a request's span): with tracing off there never is one, and the call costs one lookup.
  if (!trace.getActiveSpan()) return next();
  return tracer().startActiveSpan(
    call.path,
    {
      attributes: {
        "rpc.system": "trpc",
        "rpc.method": call.path,
        "trellis.procedure.type": call.type,
        "trellis.request_id": call.requestId,
      },
    },
    async (span) => {
      try {
        const result = await next();
        const outcome = result.ok ? "ok" : result.error.code;
        span.setAttribute("trellis.outcome", outcome);
        if (outcome === "INTERNAL_SERVER_ERROR") span.setStatus({ code: SpanStatusCode.ERROR });
        return result;
      } finally {
        span.end();
      }
    },
  );
}
