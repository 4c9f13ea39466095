import { traceRedis } from "@trellis/jobs/spans";
import { describe, expect, it } from "vitest";

import { traceInMemory } from "./testing";

/**
 * Tracing stopped and started again in one process — as the test files that
 * trace do, one after another in a worker (docs/decisions/058): our seams'
 * spans go to the provider installed last, not to the first one they saw.
 */
describe("tracing stopped, then started again", () => {
  it("sends the spans of our seams to the provider now installed", async () => {
    const first = traceInMemory();
    await traceRedis("first", async () => {});
    expect(first.spans().map((span) => span.name)).toEqual(["redis first"]);
    await first.stop();

    const second = traceInMemory();
    try {
      await traceRedis("second", async () => {});
      expect(second.spans().map((span) => span.name)).toEqual(["redis second"]);
    } finally {
      await second.stop();
    }
  });
});
