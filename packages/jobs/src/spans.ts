import { type Attributes, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";

/**
 * The tracer `name` of the provider installed now, for each seam that makes spans (docs/decisions/049).
 * Asked for at each span and never kept: a tracer kept from the API (a ProxyTracer) binds itself to the
 * first provider it sees and keeps it after that one is shut down, so the spans of a provider installed
 * later — tracing stopped and started again in one process — would go astray.
 */
export function tracerNow(name: string): Tracer {
  return trace.getTracer(name);
}

const redisTracer = () => tracerNow("trellis.redis");

/**
 * Runs `work` inside `span` and ends it: a throw is recorded on the span,
 * marks it an error and is thrown on. The one way our spans end, so none is
 * left open by an exception.
 */
export async function settleSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * A CLIENT span around one of our Redis calls — an event appended, a rate
 * limit counted, a job enqueued — named "redis <what>". Not a span per
 * command of ioredis (that would need patching it): the call as we make it.
 * Here, the lowest package that talks to Redis, so the job queue and the
 * server share it.
 */
export function traceRedis<T>(what: string, call: () => Promise<T>, attributes: Attributes = {}): Promise<T> {
  return redisTracer().startActiveSpan(
    `redis ${what}`,
    { kind: SpanKind.CLIENT, attributes: { "db.system.name": "redis", "db.operation.name": what, ...attributes } },
    (span) => settleSpan(span, call),
  );
}
