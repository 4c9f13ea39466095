import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { addStatementListener, type StatementEvent } from "@trellis/db/statement-listener";
import { tracerNow } from "@trellis/jobs/spans";

const tracer = () => tracerNow("trellis.db");

const systemOf = { sqlite: "sqlite", postgres: "postgresql" } as const;

/**
 * A CLIENT span per SQL statement, from the database's statement listener,
 * which calls back in the statement's own async context once it is done: the
 * span is a child of whatever was active (a procedure, a job run) and carries
 * the statement's real start and end; none outside a span. Its name is the operation ("SELECT");
 * never the SQL text nor a parameter, which can be an email or a token hash.
 * Returns the listener's removal.
 */
export function traceStatements(): () => void {
  return addStatementListener(recordStatement);
}

function recordStatement(event: StatementEvent): void {
  // Only within a trace: a statement outside any span (a worker's poll every 500 ms, the start's
  // migrations) would be a trace of one span, a steady trickle of noise from an idle process.
  if (!trace.getActiveSpan()) return;
  const operation = event.operation.toUpperCase();
  const span = tracer().startSpan(operation, {
    kind: SpanKind.CLIENT,
    startTime: event.startTime,
    attributes: { "db.system": systemOf[event.dialect], "db.operation": operation },
  });
  if (event.failed) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(event.startTime + event.durationMs);
}
