import { subscribe, unsubscribe } from "node:diagnostics_channel";

import {
  type EventDeliveryMessage,
  eventDeliveries,
  type LiveStreamMessage,
  liveStreams,
  type ProcedureCallMessage,
  procedureCalls,
  type RateLimitRefusalMessage,
  rateLimitRefusals,
} from "@trellis/api/diagnostics";
import { addStatementListener, type StatementEvent } from "@trellis/db/statement-listener";
import { type JobAttemptMessage, jobAttempts } from "@trellis/jobs/diagnostics";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * This process's metrics (docs/observability.md, docs/decisions/048): one
 * prom-client Registry of its own — never prom-client's global one, so a
 * test makes a fresh set and two never add up — fed by the statement
 * listener (SQL), the API's and the jobs' diagnostics channels (tRPC, live
 * streams, event delivery, rate limits, job attempts), and the front door
 * (HTTP, through `startRequest`). Created only when METRICS_TOKEN is set:
 * until then nothing listens, and every publisher skips its work.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Records one HTTP request: its route template (never its URL), method, status (or `aborted`) and duration. */
  recordRequest(request: { route: string; method: string; status: number | "aborted"; seconds: number }): void;
  /** Stops listening (tests; a process's metrics live as long as it does). */
  close(): void;
}

export interface MetricsSources {
  /** The job queue's counts by state, read at each scrape. */
  jobCounts?: (() => Promise<Record<string, number>>) | undefined;
  /** How long a scrape waits for `jobCounts` before keeping the last values (tests shorten it). */
  jobCountsTimeoutMs?: number | undefined;
}

/** Under Prometheus's default 10 s scrape timeout, with room for everything else. */
const JOB_COUNTS_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Request latencies: 5 ms to 10 s. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** SQL: 50 µs (SQLite's point reads from the page cache) to 2.5 s. */
const STATEMENT_BUCKETS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];
/** Event delivery: 1 ms (in process) to 30 s (a Redis read loop catching up). */
const LAG_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30];
/** Jobs: 10 ms to 5 minutes. */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

/** Methods worth a label of their own; anything else (a PROPFIND, a typo) is OTHER, so the set stays bounded. */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function createMetrics(sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Histogram({
    name: "trellis_http_request_duration_seconds",
    help: "HTTP requests by route template, method and status, and how long each took to answer.",
    labelNames: ["route", "method", "status"] as const,
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const calls = new Histogram({
    name: "trellis_trpc_call_duration_seconds",
    help: "tRPC procedure calls (each call of a batch) by procedure, type and outcome (ok or the error code).",
    labelNames: ["procedure", "type", "outcome"] as const,
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const statements = new Histogram({
    name: "trellis_sql_statement_duration_seconds",
    help: "SQL statements by dialect, operation and outcome, and how long each took.",
    labelNames: ["dialect", "operation", "outcome"] as const,
    buckets: STATEMENT_BUCKETS,
    registers: [registry],
  });
  const streams = new Gauge({
    name: "trellis_live_streams",
    help: "Live-update streams (subscriptions) this instance is serving now.",
    registers: [registry],
  });
  const lag = new Histogram({
    name: "trellis_event_delivery_lag_seconds",
    help: "From an event's publication (on any instance) to its delivery to this instance's subscribers.",
    buckets: LAG_BUCKETS,
    registers: [registry],
  });
  const attempts = new Histogram({
    name: "trellis_job_attempt_duration_seconds",
    help: "Background job attempts run by this process, by job and outcome, and how long each ran.",
    labelNames: ["job", "outcome"] as const,
    buckets: JOB_BUCKETS,
    registers: [registry],
  });
  const failures = new Counter({
    name: "trellis_job_failures_total",
    help: "Failed background job attempts run by this process, by job.",
    labelNames: ["job"] as const,
    registers: [registry],
  });
  const { jobCounts, jobCountsTimeoutMs = JOB_COUNTS_TIMEOUT_MS } = sources;
  // The scrape collects every metric at once: the counter waits for this
  // scrape's read of the queue, so a failure shows in the same scrape.
  let queueRead: Promise<void> = Promise.resolve();
  new Gauge({
    name: "trellis_job_queue_depth",
    help: "Jobs in the queue by state (waiting, active, done, failed), read from the queue at each scrape.",
    labelNames: ["state"] as const,
    registers: [registry],
    // A queue that fails or hangs must not take the scrape (and the process
    // metrics with it) down: the read is bounded, a failure counted, and the
    // gauge keeps the last values it had.
    async collect() {
      if (!jobCounts) return;
      queueRead = withTimeout(jobCounts(), jobCountsTimeoutMs).then(
        (counts) => {
          for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
        },
        () => queueDepthErrors.inc(),
      );
      await queueRead;
    },
  });
  const queueDepthErrors = new Counter({
    name: "trellis_job_queue_depth_errors_total",
    help: "Scrapes whose read of the queue's counts failed or took too long (the depth kept its last values).",
    registers: [registry],
    async collect() {
      await queueRead;
    },
  });
  const refusals = new Counter({
    name: "trellis_rate_limit_refusals_total",
    help: "Requests refused by a rate limit, by the limit's name.",
    labelNames: ["limit"] as const,
    registers: [registry],
  });

  const onCall = (message: unknown) => {
    const { path, type, outcome, durationMs } = message as ProcedureCallMessage;
    calls.observe({ procedure: path, type, outcome }, durationMs / 1000);
  };
  const onStream = (message: unknown) => streams.inc((message as LiveStreamMessage).change);
  const onDelivery = (message: unknown) => lag.observe((message as EventDeliveryMessage).lagMs / 1000);
  const onRefusal = (message: unknown) => refusals.inc({ limit: (message as RateLimitRefusalMessage).limit });
  const onAttempt = (message: unknown) => {
    const { name, failed, durationMs } = message as JobAttemptMessage;
    attempts.observe({ job: name, outcome: failed ? "failed" : "ok" }, durationMs / 1000);
    if (failed) failures.inc({ job: name });
  };
  const channels: [string | symbol, (message: unknown) => void][] = [
    [procedureCalls.name, onCall],
    [liveStreams.name, onStream],
    [eventDeliveries.name, onDelivery],
    [rateLimitRefusals.name, onRefusal],
    [jobAttempts.name, onAttempt],
  ];
  for (const [name, listener] of channels) subscribe(name, listener);
  const removeStatementListener = addStatementListener((event: StatementEvent) => {
    const labels = { dialect: event.dialect, operation: event.operation, outcome: event.failed ? "error" : "ok" };
    statements.observe(labels, event.durationMs / 1000);
  });

  return {
    registry,
    recordRequest({ route, method, status, seconds }) {
      requests.observe({ route, method: METHODS.has(method) ? method : "OTHER", status: String(status) }, seconds);
    },
    close() {
      for (const [name, listener] of channels) unsubscribe(name, listener);
      removeStatementListener();
    },
  };
}
