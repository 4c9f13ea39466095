import { observeProcedure, publishDelivery, publishRefusal } from "@trellis/api/diagnostics";
import { observeSqliteClient } from "@trellis/db/statement-listener";
import { type JobAttemptMessage, jobAttempts } from "@trellis/jobs/diagnostics";
import { afterEach, describe, expect, it } from "vitest";

import { createMetrics, type Metrics } from "./registry";

/**
 * What reaches the registry from the diagnostics channels, published as the
 * API and the job runners publish them (the HTTP, tRPC and SQL counters are
 * checked over real HTTP in metrics.test.ts).
 */

let metrics: Metrics | undefined;
afterEach(() => metrics?.close());

async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await metrics?.registry.getMetricsAsJSON())?.find((entry) => entry.name === name);
  const found = metric?.values.find((value) =>
    Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted),
  );
  return found?.value ?? 0;
}

describe("the registry", () => {
  it("counts open live streams while a subscription's events are read, and none after", async () => {
    metrics = createMetrics();
    async function* events() {
      yield 1;
      yield 2;
    }
    const result = await observeProcedure("post.onCreated", "subscription", async () => ({
      ok: true as const,
      data: events() as unknown,
    }));
    const stream = (result.data as AsyncIterable<number>)[Symbol.asyncIterator]();
    await stream.next();
    expect(await metricValue("trellis_live_streams")).toBe(1);
    await stream.return?.(undefined);
    expect(await metricValue("trellis_live_streams")).toBe(0);
  });

  it("records delivery lag from the event id's time, rate-limit refusals and job attempts", async () => {
    metrics = createMetrics({ jobCounts: async () => ({ waiting: 3, active: 1, done: 7, failed: 2 }) });
    publishDelivery(`${Date.now() - 250}-0`);
    publishRefusal("anonymousReadsPerIp");
    publishRefusal("anonymousReadsPerIp");
    jobAttempts.publish({ name: "email.send", failed: true, durationMs: 12 } satisfies JobAttemptMessage);
    jobAttempts.publish({ name: "email.send", failed: false, durationMs: 8 } satisfies JobAttemptMessage);

    expect(await metricValue("trellis_event_delivery_lag_seconds", { le: "0.1" })).toBe(0);
    expect(await metricValue("trellis_event_delivery_lag_seconds", { le: "0.5" })).toBe(1);
    expect(await metricValue("trellis_rate_limit_refusals_total", { limit: "anonymousReadsPerIp" })).toBe(2);
    expect(await metricValue("trellis_job_failures_total", { job: "email.send" })).toBe(1);
    expect(await metricValue("trellis_job_queue_depth", { state: "waiting" })).toBe(3);
    expect(await metricValue("trellis_job_queue_depth", { state: "failed" })).toBe(2);
  });

  it("keeps the scrape (and the last depths) when the queue's counts fail or hang, and counts that", async () => {
    let read: () => Promise<Record<string, number>> = async () => ({ waiting: 4, failed: 1 });
    metrics = createMetrics({ jobCounts: () => read(), jobCountsTimeoutMs: 50 });
    expect(await metricValue("trellis_job_queue_depth", { state: "waiting" })).toBe(4);

    read = async () => {
      throw new Error("queue unreachable");
    };
    const afterFailure = await metrics.registry.metrics();
    expect(afterFailure).toContain("process_resident_memory_bytes");
    expect(afterFailure).toContain('trellis_job_queue_depth{state="waiting"} 4');
    expect(afterFailure).toContain("trellis_job_queue_depth_errors_total 1");

    read = () => new Promise(() => {});
    const afterHang = await metrics.registry.metrics();
    expect(afterHang).toContain("nodejs_eventloop_lag_seconds");
    expect(afterHang).toContain('trellis_job_queue_depth{state="failed"} 1');
    expect(afterHang).toContain("trellis_job_queue_depth_errors_total 2");
  });

  it("has SQL buckets down to 50 µs", async () => {
    metrics = createMetrics();
    // A statement SQLite refuses to prepare is reported (as failed) at once.
    const client = observeSqliteClient({
      prepare: (_sql: string) => {
        throw new Error("no such table");
      },
    });
    expect(() => client.prepare("select 1 from nowhere")).toThrow();
    const text = await metrics.registry.metrics();
    for (const le of ["0.00005", "0.0001", "0.00025", "0.0005"]) {
      expect(text).toMatch(new RegExp(`trellis_sql_statement_duration_seconds_bucket\\{le="${le}",`));
    }
  });

  it("stops listening when closed", async () => {
    metrics = createMetrics();
    metrics.close();
    publishRefusal("mutationsPerUser");
    expect(await metricValue("trellis_rate_limit_refusals_total", { limit: "mutationsPerUser" })).toBe(0);
  });
});
