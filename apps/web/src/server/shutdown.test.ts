import { createLogger } from "@trellis/server/log";
import { describe, expect, it } from "vitest";

import { beginShutdown, closeRegistered, isShuttingDown, onShutdown } from "./shutdown";

function captureLog() {
  const lines: { msg: string; closer?: string }[] = [];
  const log = createLogger({ level: "info", destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  return { log, lines };
}

describe("the shutdown registry", () => {
  it("closes newest first, goes on past a failure, and cuts one that hangs", async () => {
    const closed: string[] = [];
    onShutdown("database", () => {
      closed.push("database");
    });
    onShutdown("event bus", async () => {
      throw new Error("already gone");
    });
    onShutdown("job worker", async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      closed.push("job worker");
    });
    onShutdown("stuck", () => new Promise<void>(() => {}));

    const { log, lines } = captureLog();
    const failed = await closeRegistered({ timeoutMs: 200, log });

    expect(closed).toEqual(["job worker", "database"]);
    expect(failed).toEqual(["stuck", "event bus"]);
    expect(lines.map((line) => line.msg)).toEqual([
      "stuck did not close within 200 ms",
      "job worker closed",
      "event bus failed to close",
      "database closed",
    ]);
    // Each closes once: a second call finds nothing left.
    expect(await closeRegistered({ timeoutMs: 200, log })).toEqual([]);
  });

  it("says when the server is stopping, for the readiness check", () => {
    expect(isShuttingDown()).toBe(false);
    beginShutdown();
    expect(isShuttingDown()).toBe(true);
  });
});
