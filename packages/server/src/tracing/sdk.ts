/**
 * The OpenTelemetry SDK, loaded only when tracing is on (./start.ts). The 2.x
 * SDK line: the 3.x line needs Node >= 22.15, and the app runs on Node 20 too.
 */
import { context, propagation, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { setTracingOn } from "@trellis/api/tracing-switch";

import { traceStatements } from "./sql";

export interface TracingHandle {
  /** Flushes what is batched, then unregisters everything installed. */
  shutdown(): Promise<void>;
}

/** Spans batched and sent to `<endpoint>/v1/traces` (OTLP/HTTP, JSON over protobuf's schema). */
export function exportTraces({ endpoint, serviceName }: { endpoint: string; serviceName: string }): TracingHandle {
  const url = new URL("v1/traces", endpoint.endsWith("/") ? endpoint : `${endpoint}/`).href;
  return installTracing({ serviceName, processors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))] });
}

/**
 * Registers a tracer provider with these processors as the process's: the
 * AsyncLocalStorage context manager (a span's children find it across
 * awaits), the W3C traceparent propagator, and a span per SQL statement.
 * Tests pass an in-memory exporter's processor.
 */
export function installTracing({
  serviceName,
  processors,
}: {
  serviceName: string;
  processors: SpanProcessor[];
}): TracingHandle {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: processors,
  });
  provider.register();
  const stopStatements = traceStatements();
  setTracingOn(true);
  return {
    async shutdown() {
      setTracingOn(false);
      stopStatements();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
