import { traceEvents, traceHandling } from "@trellis/api/events";
import { createTestDatabase, currentTestDialect } from "@trellis/db/testing";
import { defineJob, openJobQueue } from "@trellis/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import { createRedisBus } from "../events";
import { createRedisRateLimits } from "../rate-limit";
import { SpanKind, trace, traceInMemory } from "./testing";

/**
 * Trace context across Redis: an event's, through the stream to whoever reads
 * it; a job's, through BullMQ to its run; and a span per Redis call of ours.
 */
const redisUrl = process.env.REDIS_URL;

// Redis needs nothing from the dialect: once, with the sqlite project.
describe.runIf(redisUrl && currentTestDialect() === "sqlite")(
  "traces across Redis (needs REDIS_URL; runs in the sqlite project)",
  () => {
    const url = redisUrl ?? "";
    let tracing: ReturnType<typeof traceInMemory>;
    beforeAll(() => {
      tracing = traceInMemory();
    });
    afterAll(() => tracing.stop());
    const tracer = trace.getTracer("redis.test");

    it("carries a publish's context through the stream, and a reader's handling links to it", async () => {
      const bus = traceEvents(await createRedisBus(url, { stream: `trellis:test:${crypto.randomUUID()}` }));
      const signal = AbortSignal.timeout(10_000);
      const received = bus.subscribe({ signal })[Symbol.asyncIterator]();
      const next = received.next();
      await tracer.startActiveSpan("a write", async (span) => {
        await bus.publish({ type: "content.changed" });
        span.end();
      });
      const stored = (await next).value;
      await traceHandling("the test", stored, async () => {});
      await bus.close();

      const publish = tracing.spans().find((span) => span.name === "publish content.changed");
      const xadd = tracing.spans().find((span) => span.name === "redis xadd");
      const handling = tracing.spans().find((span) => span.name === "handle content.changed by the test");
      if (!publish || !xadd || !handling) throw new Error("a span is missing");
      expect(xadd.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
      expect(stored.traceparent).toBe(`00-${publish.spanContext().traceId}-${publish.spanContext().spanId}-01`);
      expect(handling.kind).toBe(SpanKind.CONSUMER);
      expect(handling.links.map((link) => link.context.spanId)).toEqual([publish.spanContext().spanId]);
    });

    it("runs a BullMQ job as a child of the span that enqueued it", async () => {
      const database = await createTestDatabase();
      let ran!: () => void;
      const done = new Promise<void>((resolve) => {
        ran = resolve;
      });
      const traced = defineJob({
        name: "test.traced",
        payload: z.object({}),
        run: async () => ran(),
      });
      const queue = await openJobQueue([traced], {
        data: database.data,
        redisUrl: url,
        queueName: `trellis-test-${crypto.randomUUID()}`,
      });
      const enqueuer = await tracer.startActiveSpan("a request", async (span) => {
        await queue.enqueue("test.traced", {});
        span.end();
        return span.spanContext();
      });
      const worker = queue.work({}, { log: () => {} });
      await done;
      await worker.stop();
      await queue.close();
      await database.close();

      const enqueue = tracing.spans().find((span) => span.name === "redis enqueue test.traced");
      expect(enqueue?.parentSpanContext?.spanId).toBe(enqueuer.spanId);
      // The run's span ends just after the job's body: wait for it.
      await expect.poll(() => tracing.spans().some((span) => span.name === "job test.traced")).toBe(true);
      const run = tracing.spans().find((span) => span.name === "job test.traced");
      expect(run?.kind).toBe(SpanKind.CONSUMER);
      expect(run?.spanContext().traceId).toBe(enqueuer.traceId);
      expect(run?.parentSpanContext?.spanId).toBe(enqueuer.spanId);
    });

    it("puts each rate-limit count on Redis in a span named by the limit, never its key", async () => {
      const limits = await createRedisRateLimits(url, { prefix: `trellis:test:${crypto.randomUUID()}` });
      await tracer.startActiveSpan("a request", async (span) => {
        await limits.consume("mutationsPerUser", "user-secret-id");
        span.end();
      });
      await limits.close();
      const count = tracing.spans().find((span) => span.name === "redis rate-limit consume mutationsPerUser");
      expect(count?.kind).toBe(SpanKind.CLIENT);
      expect(JSON.stringify(count?.attributes)).not.toContain("user-secret-id");
    });
  },
);
