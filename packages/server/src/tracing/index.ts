/**
 * Traces (docs/observability.md, docs/decisions/049): spans at our own
 * seams — each HTTP request, tRPC procedure, SQL statement, job run, Redis
 * call and event publish — exported over OTLP/HTTP when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. Off otherwise: the SDK is never loaded
 * (./sdk.ts is imported dynamically), and the spans our code starts go to
 * @opentelemetry/api's no-op tracer, which records nothing.
 */

export { traceRedis } from "@trellis/jobs/spans";
export { type TraceRequestOptions, traceRequest } from "./http";
export { startTracing, stopTracing, type TracingOptions } from "./start";
