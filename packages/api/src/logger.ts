/**
 * What procedures log through (`ctx.log`): the part of a pino logger they
 * use. The logger itself — pino, its redaction, where lines go — belongs to
 * the process that runs the router (@trellis/server/log); a test may pass any
 * object of this shape.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  /** A logger that adds `bindings` (e.g. the request's id) to every line. */
  child(bindings: Record<string, unknown>): Logger;
}

const logged = Symbol.for("trellis.logged");

/**
 * Marks an error as logged (with its stack) by the procedure that threw it, so
 * the HTTP adapter that sees it next does not log it a second time. A symbol
 * property rather than a WeakSet: Next may hold two copies of this module.
 */
export function markLogged(error: object): void {
  Object.defineProperty(error, logged, { value: true });
}

export function wasLogged(error: unknown): boolean {
  return typeof error === "object" && error !== null && logged in error;
}
