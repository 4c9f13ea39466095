import type { Database } from "./database";

/**
 * A failed query's values never reach a message. Drizzle's DrizzleQueryError
 * says "Failed query: <sql>\nparams: <values>", and the values are whatever the
 * query carried: an email, a password hash, a token's hash. Every error that
 * leaves a Database (createDatabase wraps it: `redactingErrors`) is rewritten
 * in place, before anything can print it — the start-up line, a log line,
 * Next's own error output; the logger's error serializer runs the same
 * function again for errors that came some other way. The SQL stays, to
 * debug with.
 */

export const REDACTED = "[Redacted]";

/** A value this long is taken for data wherever it shows up in a driver's message; shorter ones would blank out words. */
const MIN_SCRUBBED_LENGTH = 6;

interface QueryError extends Error {
  query: string;
  params: unknown[];
}

/** Drizzle's DrizzleQueryError, recognised by shape: a bundle may hold two copies of its class. */
function isQueryError(error: Error): error is QueryError {
  return typeof Reflect.get(error, "query") === "string" && Array.isArray(Reflect.get(error, "params"));
}

/** Sets a property if the object lets it be set (postgres.js freezes some of its errors' fields). */
function rewrite(target: object, key: string, change: (text: string) => string): void {
  const value: unknown = Reflect.get(target, key);
  if (typeof value === "string") Reflect.set(target, key, change(value));
}

/**
 * Removes query values from `error` and the errors in its `cause` chain, in
 * place, and returns it: the rest of the error (codes, SQL, stack frames)
 * stays, so callers still tell a unique violation from a lost connection.
 */
export function redactQueryValues<E>(error: E): E {
  const values: string[] = [];
  const seen = new Set<unknown>();
  for (let current: unknown = error; current instanceof Error && !seen.has(current); current = current.cause) {
    seen.add(current);
    if (isQueryError(current)) {
      values.push(...current.params.map((value) => String(value)).filter((value) => value.length > 0));
      const original = current.message;
      const redacted = original.replace(/\nparams: [\s\S]*$/, `\nparams: ${REDACTED}`);
      current.message = redacted;
      rewrite(current, "stack", (stack) => stack.replace(original, redacted));
      current.params = [];
    }
    // Postgres repeats row values in an error's detail ("Key (email)=(…) already
    // exists.", "Failing row contains (…).") and quotes a bad input in its message
    // (`invalid input syntax for type uuid: "…"`).
    rewrite(current, "detail", (detail) =>
      detail.replace(/\)=\(.*\)/s, `)=(${REDACTED})`).replace(/contains \(.*\)/s, `contains (${REDACTED})`),
    );
    const scrub = (text: string) =>
      values.reduce(
        (out, value) =>
          value.length >= MIN_SCRUBBED_LENGTH
            ? out.replaceAll(value, REDACTED)
            : out.replaceAll(`"${value}"`, `"${REDACTED}"`),
        text,
      );
    if (!isQueryError(current)) {
      rewrite(current, "message", scrub);
      rewrite(current, "stack", scrub);
      rewrite(current, "detail", scrub);
    }
  }
  return error;
}

/** `work`, whose errors come out without query values. */
function redacting<A extends unknown[], R>(work: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await work(...args);
    } catch (error) {
      throw redactQueryValues(error);
    }
  };
}

/** The same object, whose methods' (and nested objects' methods') errors come out without query values. */
function redactingObject<T extends object>(target: T): T {
  // Keyed by the value, not the property name: a property replaced later (a test's stub) is wrapped afresh.
  const wrapped = new WeakMap<object, unknown>();
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key);
      if ((typeof value !== "function" && typeof value !== "object") || value === null) return value;
      const cached = wrapped.get(value);
      if (cached !== undefined) return cached;
      const result =
        typeof value === "function"
          ? (...args: unknown[]) => {
              try {
                const returned: unknown = Reflect.apply(value, object, args);
                return returned instanceof Promise
                  ? returned.catch((error: unknown) => {
                      throw redactQueryValues(error);
                    })
                  : returned;
              } catch (error) {
                throw redactQueryValues(error);
              }
            }
          : redactingObject(value);
      wrapped.set(value, result);
      return result;
    },
  });
}

/**
 * The database, every error of whose data layer and start-up methods comes
 * out without query values. Its Drizzle client (`db`, for tests and scripts)
 * is left as it is.
 */
export function redactingErrors<D extends Database>(database: D): D {
  return Object.assign(database, {
    data: redactingObject(database.data),
    migrate: redacting(database.migrate),
    pendingMigrations: redacting(database.pendingMigrations),
    isEmpty: redacting(database.isEmpty),
    insertSeed: redacting(database.insertSeed),
    insertSeedIfEmpty: redacting(database.insertSeedIfEmpty),
  });
}
