import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

const tracer = trace.getTracer("trellis.redis");

/**
 * A CLIENT span around one of our Redis calls — an event appended, a rate
 * limit counted, a job enqueued — named "redis <what>". Not a span per
 * command of ioredis (that would need patching it): the call as we make it.
 */
export async function traceRedis<T>(what: string, call: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(
    `redis ${what}`,
    { kind: SpanKind.CLIENT, attributes: { "db.system.name": "redis", "db.operation.name": what } },
    async (span) => {
      try {
        return await call();
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
