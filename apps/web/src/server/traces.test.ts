import { createLogger } from "@trellis/server/log";
import { describe, expect, it, vi } from "vitest";

import { closeRegistered, onShutdown } from "./shutdown";
import { startTraces } from "./traces";

const shutdownTracer = vi.fn(async () => {});

// A tracer that is "on" without an exporter: what the shutdown registry sees is the point here.
vi.mock("@trellis/server/tracing", () => ({
  startTracing: vi.fn(async () => ({ shutdown: shutdownTracer })),
  stopTracing: vi.fn(async () => shutdownTracer()),
}));

describe("startTraces", () => {
  it("registers the traces' shutdown once, however many callers start the services", async () => {
    // The production server, then Next's instrumentation with the job worker started in between.
    expect(await startTraces()).toBe(true);
    onShutdown("job worker", () => {});
    expect(await startTraces()).toBe(true);

    const closed: string[] = [];
    const log = createLogger({
      level: "info",
      destination: { write: (line: string) => closed.push(JSON.parse(line).closer) },
    });
    expect(await closeRegistered({ timeoutMs: 1000, log })).toEqual([]);
    // Newest first: the worker drains, then the traces (its spans too) are sent — once.
    expect(closed).toEqual(["job worker", "traces"]);
    expect(shutdownTracer).toHaveBeenCalledTimes(1);
  });
});
