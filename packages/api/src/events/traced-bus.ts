import { context, propagation, type Span, SpanKind, trace } from "@opentelemetry/api";
import { settleSpan, tracerNow } from "@trellis/jobs/spans";

import { tracingOn } from "../tracing-switch";
import type { EventBus, StoredEvent } from "./types";

const tracer = () => tracerNow("trellis.events");

/**
 * The bus, with a PRODUCER span around each publish ("publish post.created"),
 * a child of the procedure that published. Inside it the bus stores the
 * span's context with the event (`StoredEvent.traceparent`, ./trace-context.ts),
 * so whoever handles the event — on this instance or, through Redis, another —
 * can link its work to the write that caused it. With tracing off the span is
 * the API's no-op and nothing is stored.
 */
export function traceEvents(bus: EventBus): EventBus {
  return {
    ...bus,
    publish: (event) => {
      if (!tracingOn()) return bus.publish(event);
      return tracer().startActiveSpan(
        `publish ${event.type}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: { "messaging.operation.type": "send", "trellis.event.type": event.type },
        },
        (span: Span) =>
          settleSpan(span, async () => {
            const id = await bus.publish(event);
            span.setAttribute("messaging.message.id", id);
            return id;
          }),
      );
    },
  };
}

/** The active trace context as a W3C traceparent, to store with an event; undefined when tracing is off. */
export function currentTraceparent(): string | undefined {
  if (!tracingOn()) return undefined;
  const carrier: { traceparent?: string } = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/**
 * Runs the handling of a delivered event in a CONSUMER span ("handle
 * post.created by <handler>") linked to the publish that stored it, when it
 * carries one: a link, not a parent, since one publish has many handlers on
 * many instances, each its own trace.
 */
export function traceHandling<T>(handler: string, stored: StoredEvent, handle: () => Promise<T>): Promise<T> {
  if (!tracingOn()) return handle();
  const published = stored.traceparent
    ? trace.getSpanContext(propagation.extract(context.active(), { traceparent: stored.traceparent }))
    : undefined;
  return tracer().startActiveSpan(
    `handle ${stored.event.type} by ${handler}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { "messaging.operation.type": "process", "trellis.event.type": stored.event.type },
      links: published ? [{ context: published }] : [],
    },
    context.active(),
    async (span: Span) => {
      try {
        return await handle();
      } finally {
        span.end();
      }
    },
  );
}
