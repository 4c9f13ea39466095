import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLogger } from "../log";
import { trace, traceInMemory } from "./testing";

/**
 * An error logged inside a span is recorded on it as an exception event — and
 * scrubbed as its log line is: a failed query's values never reach the trace
 * backend either.
 */

let tracing: ReturnType<typeof traceInMemory>;
beforeAll(() => {
  tracing = traceInMemory();
});
afterAll(() => tracing.stop());

describe("an error logged inside a span", () => {
  it("is recorded on the span without its params: line, as in the log", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", destination: { write: (line: string) => lines.push(line) } });
    const error = new Error("Failed query: select * from users where email = $1\nparams: secret@example.com");
    trace.getTracer("test").startActiveSpan("work", (span) => {
      log.error({ err: error }, "the lookup failed");
      span.end();
    });

    const [span] = tracing.spans();
    const exception = span?.events.find((event) => event.name === "exception");
    expect(exception?.attributes?.["exception.message"]).toBe(
      "Failed query: select * from users where email = $1\nparams: [Redacted]",
    );
    expect(String(exception?.attributes?.["exception.stacktrace"])).toContain("params: [Redacted]");
    expect(JSON.stringify(span?.events)).not.toContain("secret@example.com");
    expect(lines.join("")).not.toContain("secret@example.com");
  });
});
