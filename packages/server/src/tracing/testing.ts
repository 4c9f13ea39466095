// For tests of what is traced: never imported by the runtime.
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

import { installTracing } from "./sdk";

// What a test reads spans with, from the copy of the API the app's code uses.
export { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
export type { ReadableSpan };

/**
 * Tracing on, as OTEL_EXPORTER_OTLP_ENDPOINT turns it on — the same provider,
 * context manager, propagator and SQL spans — but each span kept in memory as
 * it ends, instead of batched and sent. `stop` unregisters it all.
 */
export function traceInMemory(): { spans: () => ReadableSpan[]; reset: () => void; stop: () => Promise<void> } {
  const exporter = new InMemorySpanExporter();
  const tracing = installTracing({ serviceName: "trellis-test", processors: [new SimpleSpanProcessor(exporter)] });
  return {
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    stop: () => tracing.shutdown(),
  };
}
