import { context, propagation, ROOT_CONTEXT, SpanKind } from "@opentelemetry/api";

import { settleSpan, traceRedis, tracerNow } from "./spans";

const tracer = () => tracerNow("trellis.jobs");

/**
 * The trace context of whatever enqueues a job (a request's procedure), as a
 * W3C traceparent stored with the job — the table's `traceparent` column,
 * BullMQ's telemetry metadata — so its run continues that trace. Undefined
 * when tracing is off, or outside any span.
 */
export function enqueuingTraceparent(): string | undefined {
  const carrier: { traceparent?: string } = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/**
 * One attempt of a job, in a CONSUMER span "job <name>", a child of the span
 * that enqueued it when its traceparent was stored: the request's trace goes
 * on into the work it asked for. A failed attempt marks the span an error.
 */
export function traceJobRun(
  job: { name: string; id: string; attempt: number; traceparent?: string | null | undefined },
  run: () => Promise<void>,
): Promise<void> {
  const parent = job.traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent: job.traceparent }) : ROOT_CONTEXT;
  return tracer().startActiveSpan(
    `job ${job.name}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { "trellis.job.name": job.name, "trellis.job.id": job.id, "trellis.job.attempt": job.attempt },
    },
    parent,
    (span) => settleSpan(span, run),
  );
}

/** A CLIENT span around BullMQ's enqueue, our one Redis call for it: "redis enqueue <job>". */
export function traceBullEnqueue<T>(name: string, add: () => Promise<T>): Promise<T> {
  return traceRedis(`enqueue ${name}`, add, { "trellis.job.name": name });
}
