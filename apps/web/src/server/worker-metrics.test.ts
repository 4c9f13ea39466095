import type { AddressInfo } from "node:net";

import { type JobAttemptMessage, jobAttempts } from "@trellis/jobs/diagnostics";
import { createMetrics } from "@trellis/server/metrics";
import { afterAll, describe, expect, it } from "vitest";

import { serveWorkerMetrics } from "./worker-metrics";

/** `pnpm worker`'s own scrape: its job attempts and failures, behind METRICS_TOKEN, on METRICS_PORT. */

const TOKEN = "worker-metrics-token-0123456789";
const metrics = createMetrics({ jobCounts: async () => ({ waiting: 0, active: 1, done: 2, failed: 1 }) });
const server = await serveWorkerMetrics({ port: 0, host: "127.0.0.1", token: TOKEN, metrics });
const { port } = server.address() as AddressInfo;
const base = `http://127.0.0.1:${port}`;
afterAll(async () => {
  metrics.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("the worker's metrics listener", () => {
  it("serves the worker's job attempts and failures to a scrape with the token", async () => {
    jobAttempts.publish({ name: "email.send", failed: true, durationMs: 30 } satisfies JobAttemptMessage);
    const response = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('trellis_job_failures_total{job="email.send"} 1');
    expect(text).toContain('trellis_job_attempt_duration_seconds_count{job="email.send",outcome="failed"} 1');
    expect(text).toContain("process_resident_memory_bytes");
  });

  it("answers 401 without the token, and 404 elsewhere", async () => {
    expect((await fetch(`${base}/api/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/`)).status).toBe(404);
  });
});
