import { settings } from "@trellis/validators/settings";

import type { TracingHandle } from "./sdk";

export interface TracingOptions {
  /** Where spans go; default OTEL_EXPORTER_OTLP_ENDPOINT. Undefined: tracing stays off. */
  endpoint?: string | undefined;
  serviceName?: string;
  /** How the SDK is loaded: tests count the calls. */
  load?: () => Promise<typeof import("./sdk")>;
}

// One tracer provider per process, whoever asks first — the production server and Next's
// instrumentation both start the services — kept on globalThis because Next loads a module
// once per route bundle.
const globalForTracing = globalThis as typeof globalThis & { trellisTracing?: Promise<TracingHandle | null> };

/**
 * Starts exporting traces if an OTLP endpoint is set, and does nothing else
 * otherwise: no SDK module is loaded, no context manager is installed, and
 * every span started through @opentelemetry/api stays a no-op.
 */
export function startTracing(options: TracingOptions = {}): Promise<TracingHandle | null> {
  globalForTracing.trellisTracing ??= start(options);
  return globalForTracing.trellisTracing;
}

async function start({
  endpoint = settings().otlpEndpoint,
  serviceName = settings().serviceName,
  load = () => import("./sdk"),
}: TracingOptions): Promise<TracingHandle | null> {
  if (!endpoint) return null;
  const sdk = await load();
  return sdk.exportTraces({ endpoint, serviceName });
}

/** Sends the spans still batched, then stops: at shutdown, so the last requests' traces are not lost. */
export async function stopTracing(): Promise<void> {
  const tracing = await globalForTracing.trellisTracing;
  globalForTracing.trellisTracing = undefined;
  await tracing?.shutdown();
}
