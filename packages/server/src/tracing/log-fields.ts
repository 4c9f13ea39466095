import { type Exception, SpanStatusCode, trace } from "@opentelemetry/api";
import { redactQueryValues } from "@trellis/db/query-errors";

/** pino's number for "error": lines at or above it are the unexpected failures. */
const ERROR_LEVEL = 50;

/**
 * For pino's mixin: an error line's trace and span ids, so the line and its
 * trace find each other; nothing for other lines, or when no span is recording
 * (tracing off: the no-op API has no active span). A new object each time:
 * pino merges the line's fields into the one returned.
 */
export function traceFieldsOf(level: number): { trace_id: string; span_id: string } | Record<string, never> {
  if (level < ERROR_LEVEL) return {};
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * For pino's logMethod hook: an error line's `err` recorded on the active
 * span as an exception event, and the span marked failed — whoever logs an
 * unexpected error (a procedure, the front door, a job) marks its span too.
 */
export function recordLoggedError(level: number, fields: unknown): void {
  if (level < ERROR_LEVEL || typeof fields !== "object" || fields === null || !("err" in fields)) return;
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  const { err } = fields;
  span.recordException(err instanceof Error ? exceptionWithoutParameters(err) : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : undefined });
}

/** A message's "params: …" line (a failed query's values, however the error came) hidden. */
export function hideParameters(text: string): string {
  return text.replace(/^params: .*$/gm, "params: [Redacted]");
}

/**
 * The exception as a span event may show it: scrubbed as the log line's `err`
 * is (../log.ts) — a trace backend keeps it as long as a log collector, and
 * neither may hold a failed query's values.
 */
function exceptionWithoutParameters(error: Error): Exception {
  const redacted = redactQueryValues(error);
  const code = (redacted as { code?: unknown }).code;
  return {
    name: redacted.name,
    message: hideParameters(redacted.message),
    ...(redacted.stack === undefined ? {} : { stack: hideParameters(redacted.stack) }),
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
  };
}
