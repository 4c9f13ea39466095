import type { Dialect } from "./dialect";

/**
 * One SQL statement, as metrics and traces see it: which kind, when, how long,
 * whether it failed. Never its text or its values — those may hold an email or
 * a token's hash, and a label or span attribute outlives any log line.
 */
export interface StatementEvent {
  dialect: Dialect;
  operation: "select" | "insert" | "update" | "delete" | "other";
  /** Milliseconds since the epoch: `performance.timeOrigin + performance.now()` when the statement was sent. */
  startTime: number;
  durationMs: number;
  failed: boolean;
}

export type StatementListener = (event: StatementEvent) => void;

/**
 * Process-wide, like the drivers' own pools: a metrics registry or a tracer
 * adds itself once at start, whichever database (or test database) is opened
 * before or after.
 */
const listeners = new Set<StatementListener>();

/**
 * Calls `listener` once per SQL statement any database of this process runs,
 * on either dialect, synchronously in the async context of the code that ran
 * it, right after the statement finished (so a tracer can read the active
 * span and record one with explicit start and end times). Returns the function
 * that removes it.
 */
export function addStatementListener(listener: StatementListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The operation a statement performs, from its first word: `with …` and DDL are `other`. */
export function operationOf(sql: string): StatementEvent["operation"] {
  const verb = /^\s*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase();
  return verb === "select" || verb === "insert" || verb === "update" || verb === "delete" ? verb : "other";
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

function emit(dialect: Dialect, operation: StatementEvent["operation"], startTime: number, failed: boolean): void {
  const event: StatementEvent = { dialect, operation, startTime, durationMs: now() - startTime, failed };
  for (const listener of listeners) {
    // An observer's failure must never become the query's: the statement has run.
    try {
      listener(event);
    } catch (error) {
      process.emitWarning(`a statement listener threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * A proxy whose method `key`s are replaced by `replace(original)` (called with
 * the target bound), and whose other methods are bound to the target: native
 * and `#private`-field methods refuse a proxy as `this`.
 */
function withMethods<T extends object>(
  target: T,
  replacements: Record<string, (original: (...args: unknown[]) => unknown) => unknown>,
): T {
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key);
      if (typeof value !== "function" || key === "constructor") return value;
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      const bound = (value as (...args: unknown[]) => unknown).bind(object);
      const replace = typeof key === "string" && Object.hasOwn(replacements, key) ? replacements[key] : undefined;
      const result = replace ? replace(bound) : bound;
      cache.set(key, result);
      return result;
    },
  });
}

/** `work()` timed and reported, for synchronous drivers. */
function observeSync<R>(dialect: Dialect, operation: StatementEvent["operation"], work: () => R): R {
  if (listeners.size === 0) return work();
  const start = now();
  let result: R;
  try {
    result = work();
  } catch (error) {
    emit(dialect, operation, start, true);
    throw error;
  }
  emit(dialect, operation, start, false);
  return result;
}

/** `work()` timed and reported when its promise settles, in the awaiting code's async context. */
async function observeAsync<R>(dialect: Dialect, operation: StatementEvent["operation"], work: () => Promise<R>) {
  if (listeners.size === 0) return work();
  const start = now();
  let result: R;
  try {
    result = await work();
  } catch (error) {
    emit(dialect, operation, start, true);
    throw error;
  }
  emit(dialect, operation, start, false);
  return result;
}

// ——— better-sqlite3: every statement Drizzle runs goes through `prepare`. ———

const STATEMENT_RUNS = ["run", "get", "all", "iterate"] as const;
/** Statement methods that return the statement itself, which must stay observed. */
const STATEMENT_MODES = ["raw", "pluck", "expand", "safeIntegers", "bind"] as const;

/** Each observed statement's better-sqlite3 statement, for the shared methods below (no closures per statement). */
const sqliteStatements = new WeakMap<object, object>();

/** Each statement's operation, read from its SQL once, when a listener first needs it. */
const sqliteOperations = new WeakMap<object, StatementEvent["operation"]>();

function statementOf(observed: object): object {
  return sqliteStatements.get(observed) ?? observed;
}

/** The statement methods an observed statement answers with: one set for all, reading their statement by `this`. */
const sqliteStatementMethods = new Map<PropertyKey, (this: object, ...args: unknown[]) => unknown>();
for (const method of STATEMENT_RUNS) {
  sqliteStatementMethods.set(method, function observedRun(this: object, ...args: unknown[]) {
    const statement = statementOf(this);
    const run = Reflect.get(statement, method) as (...args: unknown[]) => unknown;
    if (listeners.size === 0) return Reflect.apply(run, statement, args);
    let operation = sqliteOperations.get(statement);
    if (operation === undefined) {
      operation = operationOf(String(Reflect.get(statement, "source")));
      sqliteOperations.set(statement, operation);
    }
    return observeSync("sqlite", operation, () => Reflect.apply(run, statement, args));
  });
}
for (const method of STATEMENT_MODES) {
  sqliteStatementMethods.set(method, function observedMode(this: object, ...args: unknown[]) {
    const statement = statementOf(this);
    Reflect.apply(Reflect.get(statement, method) as (...args: unknown[]) => unknown, statement, args);
    return this;
  });
}

const sqliteStatementHandler: ProxyHandler<object> = {
  get(statement, key) {
    const observed = sqliteStatementMethods.get(key);
    if (observed) return observed;
    const value: unknown = Reflect.get(statement, key);
    return typeof value === "function" && key !== "constructor" ? value.bind(statement) : value;
  },
};

function observeSqliteStatement<S extends object>(statement: S): S {
  const observed = new Proxy<S>(statement, sqliteStatementHandler);
  sqliteStatements.set(observed, statement);
  return observed;
}

/** A better-sqlite3 connection whose prepared statements report each run. */
export function observeSqliteClient<C extends object>(client: C): C {
  return withMethods(client, {
    prepare:
      (original) =>
      (sql: unknown, ...rest: unknown[]) => {
        const start = now();
        let statement: object;
        try {
          statement = original(sql, ...rest) as object;
        } catch (error) {
          // SQLite compiles a statement when it is prepared: an unknown table fails here, not at run.
          if (listeners.size > 0) emit("sqlite", operationOf(String(sql)), start, true);
          throw error;
        }
        return observeSqliteStatement(statement);
      },
  });
}

// ——— PGlite: `query` and `exec`, on the instance and inside its transactions. ———

function observePgliteQueries<C extends object>(client: C): C {
  const timed =
    (original: (...args: unknown[]) => unknown) =>
    (sql: unknown, ...rest: unknown[]) =>
      observeAsync("postgres", operationOf(String(sql)), () => original(sql, ...rest) as Promise<unknown>);
  return withMethods(client, {
    query: timed,
    exec: timed,
    transaction: (original) => (work: (tx: object) => unknown) =>
      original((tx: object) => work(observePgliteQueries(tx))),
  });
}

/** A PGlite instance whose queries report each statement. */
export function observePgliteClient<C extends object>(client: C): C {
  return observePgliteQueries(client);
}

// ——— postgres.js: Drizzle sends every statement through `unsafe`, in `begin` and `savepoint` too. ———

interface PostgresQuery {
  then(onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown): Promise<unknown>;
}

/**
 * The query, reporting when it settles. A postgres.js query is a lazy promise
 * (it is sent when first awaited) with chainable modifiers (`.values()`) that
 * return itself, so its own `then` is wrapped rather than the query replaced.
 */
function observePostgresQuery(query: PostgresQuery, sql: string): PostgresQuery {
  if (listeners.size === 0) return query;
  const operation = operationOf(sql);
  const start = now();
  const then = query.then;
  let reported = false;
  const report = (failed: boolean) => {
    if (reported) return;
    reported = true;
    emit("postgres", operation, start, failed);
  };
  // biome-ignore lint/suspicious/noThenProperty: the query's own then, wrapped: it stays the same lazy promise
  query.then = function observedThen(onFulfilled, onRejected) {
    return then.call(
      this,
      (value) => {
        report(false);
        return onFulfilled ? onFulfilled(value) : value;
      },
      (reason) => {
        report(true);
        if (onRejected) return onRejected(reason);
        throw reason;
      },
    );
  };
  return query;
}

/** A postgres.js `sql` (or transaction) whose statements report when they settle. */
export function observePostgresClient<C extends object>(client: C): C {
  const inScope =
    (original: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      // begin(work) / begin(options, work) / savepoint(work) / savepoint(name, work)
      const work = args.at(-1);
      if (typeof work !== "function") return original(...args);
      return original(...args.slice(0, -1), (scoped: object) => work(observePostgresClient(scoped)));
    };
  return withMethods(client, {
    unsafe:
      (original) =>
      (sql: unknown, ...rest: unknown[]) =>
        observePostgresQuery(original(sql, ...rest) as PostgresQuery, String(sql)),
    begin: inScope,
    savepoint: inScope,
  });
}
