import postgres, { type Sql } from "postgres";

/**
 * The Postgres advisory lock key Trellis holds while it changes a database's
 * schema or inserts its demo data (docs/decisions/031): the ASCII bytes of
 * "trellis" read as one number (0x7472656c6c6973). Advisory locks are
 * per database, so two apps on one server never wait for each other; another
 * tool using this exact key in the same database would.
 */
export const SCHEMA_LOCK_KEY = "32776877234743667";

/**
 * How long a start or `migrate` waits for another process's migration before
 * it gives up: generous, as a real migration may rewrite a large table, but
 * bounded, so that a migration stuck behind the running release's queries
 * fails the deploy with a line saying so instead of hanging every instance.
 */
export const SCHEMA_LOCK_MAX_WAIT_MS = 10 * 60_000;

/** How often a waiter asks for the lock again. */
const POLL_MS = 500;

/** How often a waiter says it is still waiting, after the first line. */
const REPORT_EVERY_MS = 15_000;

export interface SchemaLockOptions {
  /**
   * Called when the lock is taken and this process starts waiting (0), then
   * about every 15 s with the milliseconds waited so far. By default one line
   * on stderr each time (`Waiting for the schema lock: …`).
   */
  onWait?: (waitedMs: number) => void;
  /** Give up after this long (SCHEMA_LOCK_MAX_WAIT_MS); tests pass less. */
  maxWaitMs?: number;
  /** Ask again this often (500 ms); tests pass less. */
  pollMs?: number;
}

/**
 * Runs `work` while this process holds the schema lock, waiting for whoever
 * holds it now. A session-level lock, held across the whole call: drizzle's
 * migrator creates its schema and bookkeeping table before its transaction
 * and reads which migrations ran outside it, so only a lock held throughout
 * makes "read what ran, apply the rest" one step.
 *
 * It asks with `pg_try_advisory_lock` every `pollMs` rather than blocking in
 * `pg_advisory_lock`, so that a wait is reported (`onWait`) and bounded
 * (`maxWaitMs`, then an Error naming what to check).
 *
 * The session is one connection of its own to `url`, opened here and closed
 * afterwards, not one reserved from the app's pool: closing it is
 * what makes sure no connection keeps the lock when the unlock fails, and
 * postgres.js (3.4) can neither close a reserved connection nor use one whose
 * server went away (its next query throws outside any promise). The lock goes
 * with the session if the process dies or the connection drops; a failed
 * unlock never replaces `work`'s own error.
 */
export async function withSchemaLock<T>(
  url: string,
  work: () => Promise<T>,
  options: SchemaLockOptions = {},
): Promise<T> {
  const maxWaitMs = options.maxWaitMs ?? SCHEMA_LOCK_MAX_WAIT_MS;
  const onWait = options.onWait ?? waitReporter(maxWaitMs);
  const pollMs = options.pollMs ?? POLL_MS;
  const session = lockSession(url);
  try {
    if (!(await acquire(session, { onWait, maxWaitMs, pollMs }))) throw new Error(gaveUpMessage(maxWaitMs));
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await unlock(session);
      throw error;
    }
    await unlock(session);
    return result;
  } finally {
    // Ends the session, and with it the lock if the unlock did not.
    await session.end({ timeout: 5 }).catch(() => {});
  }
}

/**
 * One connection to the database at `url`, for the lock alone. It never closes
 * by itself while the lock is held (no idle timeout, no maximum lifetime,
 * which would end the session and free the lock halfway through a migration),
 * and says nothing about notices (unlocking after a reconnect warns "you
 * don't own a lock").
 */
function lockSession(url: string): Sql {
  return postgres(url, { max: 1, idle_timeout: 0, max_lifetime: null, onnotice: () => {} });
}

/** Unlocks, or leaves it to the session's end: any error here is dropped. */
async function unlock(session: Sql): Promise<void> {
  try {
    await session.unsafe(`select pg_advisory_unlock(${SCHEMA_LOCK_KEY})`);
  } catch {
    // The session ends in withSchemaLock's finally, which releases the lock all the same.
  }
}

/** Asks for the lock until it is granted (true) or `maxWaitMs` have passed (false). */
async function acquire(session: Sql, options: Required<SchemaLockOptions>): Promise<boolean> {
  const { onWait, maxWaitMs, pollMs } = options;
  const started = Date.now();
  let nextReport = 0;
  for (;;) {
    const [row] = await session.unsafe<{ locked: boolean }[]>(
      `select pg_try_advisory_lock(${SCHEMA_LOCK_KEY}) as locked`,
    );
    if (row?.locked) return true;
    const waited = Date.now() - started;
    if (waited >= maxWaitMs) return false;
    if (waited >= nextReport) {
      onWait(waited);
      nextReport = waited + REPORT_EVERY_MS;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, maxWaitMs - waited)));
  }
}

/** The default `onWait`: one line on stderr, in the style of the start's other warnings. */
function waitReporter(maxWaitMs: number): (waitedMs: number) => void {
  return (waitedMs) => {
    const seconds = Math.round(waitedMs / 1000);
    console.warn(
      seconds === 0
        ? `Waiting for the schema lock: another process is migrating this database (giving up after ${formatWait(maxWaitMs)})`
        : `Waiting for the schema lock: another process is migrating this database (${seconds} s)`,
    );
  };
}

/** The one line a start or `migrate` ends with when the lock never came free. */
function gaveUpMessage(maxWaitMs: number): string {
  return (
    `gave up waiting for the schema lock (Postgres advisory lock ${SCHEMA_LOCK_KEY}) after ${formatWait(maxWaitMs)}: ` +
    `another session has held it all that time. Usually a migration is blocked behind the running release's queries ` +
    `or transactions; see pg_stat_activity for the session holding it (pg_locks: locktype 'advisory', objid 1819044211) ` +
    `and what it waits for, then let it finish or end it with pg_terminate_backend(pid).`
  );
}

function formatWait(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}
