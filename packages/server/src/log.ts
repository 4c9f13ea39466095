import { markLogged, wasLogged } from "@trellis/api/logger";
import { redactQueryValues } from "@trellis/db/query-errors";
import { settings } from "@trellis/validators/settings";
import { type DestinationStream, type Logger, pino } from "pino";
import pretty from "pino-pretty";

import { hideParameters, recordLoggedError, traceFieldsOf } from "./tracing/log-fields";

export type { Logger };

/**
 * What a log line must never show, at the top of the logged object or inside
 * the places such things travel in (`input.password`, `req.headers.cookie`).
 * Nothing logs these on purpose — procedures' inputs are not logged at all —
 * this is the net for the day someone logs a whole object. Explicit paths,
 * not `*.password` wildcards: those cost pino several times a line's time.
 */
const secretKeys = [
  "password",
  "newPassword",
  "currentPassword",
  "token",
  "secret",
  "authorization",
  "cookie",
  "set-cookie",
  "AUTH_SECRET",
  // Two-factor (ADR 046): the codes shown once, and the QR code, which holds the secret.
  "recoveryCodes",
  "qrSvg",
];
const secretHolders = ["input", "body", "headers", "req.headers", "res.headers", "env", "user", "credentials"];
/** Secret only inside a holder: a two-factor code as typed. At the top of a line, `code` is an error's code. */
const heldSecretKeys = ["code"];
export const redactPaths = [
  ...secretKeys.flatMap((key) => {
    const step = /^\w+$/.test(key) ? `.${key}` : `["${key}"]`; // pino's path syntax for a key with a dash
    return [step.replace(/^\./, ""), ...secretHolders.map((holder) => `${holder}${step}`)];
  }),
  ...heldSecretKeys.flatMap((key) => secretHolders.map((holder) => `${holder}.${key}`)),
];

export interface LoggerOptions {
  /** pino's level: fatal, error, warn, info, debug, trace or silent. Default: LOG_LEVEL, else info (silent under test). */
  level?: string;
  /** Human-readable lines instead of JSON. Default: outside production. */
  pretty?: boolean;
  /** Where lines go (tests capture them here). Default: stdout. */
  destination?: DestinationStream;
}

/**
 * A pino logger: JSON lines in production, for a log collector; colored
 * lines in development. pino-pretty runs as a stream in this thread, not as
 * pino's worker-thread transport, which does not survive Next's bundling; and
 * it writes synchronously, so nothing is lost when the process exits.
 *
 * In production stdout is written asynchronously: lines logged while a write
 * is in flight go out together in the next one, instead of one blocking
 * write per line — at a few thousand requests a second, synchronous writes
 * were the biggest single cost in a CPU profile (docs/performance.md). pino
 * flushes what is pending when the process exits, signals included; only a
 * `kill -9` can lose the last lines.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? defaultLevel();
  const destination =
    options.destination ??
    ((options.pretty ?? settings().nodeEnv !== "production")
      ? pretty({ sync: true, singleLine: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" })
      : pino.destination({ dest: 1, sync: false }));
  const pinoSettings = {
    level,
    redact: { paths: redactPaths, censor: "[Redacted]" },
    serializers: { err: errorWithoutParameters },
    timestamp: pino.stdTimeFunctions.isoTime,
    // With tracing on, an error line names its trace and span, and its error is recorded on the span (ADR 049).
    mixin: (_fields: object, level: number) => traceFieldsOf(level),
    hooks: {
      logMethod(this: Logger, args: Parameters<Logger["error"]>, method: (...args: unknown[]) => void, level: number) {
        recordLoggedError(level, args[0]);
        method.apply(this, args);
      },
    },
  };
  return pino(pinoSettings, destination);
}

/**
 * pino's error serializer (message, stack, and the causes' ones), minus the
 * values of a failed query: Drizzle puts them in its message ("params: …") and
 * they can be an email, a password hash or a token hash. The SQL stays, to debug with.
 * The database already strips them from its errors (redactQueryValues); this
 * runs it again for an error that came another way, and hides any other
 * message's "params:" line.
 */
function errorWithoutParameters(error: unknown) {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(redactQueryValues(error));
  serialized.message = hideParameters(serialized.message);
  serialized.stack = hideParameters(serialized.stack);
  if ("params" in serialized) serialized.params = "[Redacted]";
  return serialized;
}

// LOG_LEVEL, else "info" ("silent" under vitest: tests that look at logs make their own).
const defaultLevel = () => settings().logLevel;

// One logger per process, created on first use — after the environment has been validated
// (a bad LOG_LEVEL is reported as such at start, not as pino's exception at import) — and kept
// on globalThis because Next loads this module once per route bundle.
const globalForLog = globalThis as typeof globalThis & { trellisLogger?: Logger };

/** The process's logger. Requests and procedure calls log through a child of it that carries their request id. */
export function logger(): Logger {
  globalForLog.trellisLogger ??= createLogger();
  return globalForLog.trellisLogger;
}

/**
 * For the HTTP adapters' onError: logs an unexpected error (INTERNAL_SERVER_ERROR)
 * with its stack, unless the procedure's own log line already has it — as when
 * building the context failed (say, the database went away), before any procedure ran.
 */
export function logIfUnexpected(
  failure: { code: string; error: unknown; requestId: string | undefined; where: string },
  log: Logger = logger(),
): void {
  if (failure.code !== "INTERNAL_SERVER_ERROR" || wasLogged(failure.error)) return;
  if (typeof failure.error === "object" && failure.error !== null) markLogged(failure.error);
  log.error({ requestId: failure.requestId, where: failure.where, err: failure.error }, `${failure.where} failed`);
}
