/**
 * How long a connection waits for other processes' locks: on each statement
 * (SQLite's busy_timeout), and how long the switch to WAL is tried again.
 */
export const BUSY_TIMEOUT_MS = 5_000;

/** The pause between two tries of the switch. */
const RETRY_MS = 20;

/** What enableWal needs of a better-sqlite3 connection. */
export interface PragmaRunner {
  pragma(source: string): unknown;
}

/**
 * Puts the connection's file in WAL mode, which readers need to run beside
 * the one writer. Instances that start at once on one new file all ask at
 * the same moment (docs/decisions/031), and there SQLite can answer
 * `SQLITE_BUSY` straight away, without consulting the busy handler that
 * `busy_timeout` sets: without a retry, 6 starts in 300 died with "database
 * is locked" (12 processes starting together, 25 rounds, a busy CPU). So the switch is tried again, every RETRY_MS, until
 * BUSY_TIMEOUT_MS has passed (a try may itself wait in the busy handler, so
 * the worst case is about twice that); any other error is thrown at once.
 * The wait blocks the thread: a connection is opened synchronously, once, at
 * start.
 */
export function enableWal(client: PragmaRunner, { timeoutMs = BUSY_TIMEOUT_MS } = {}): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      client.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      sleepSync(RETRY_MS);
    }
  }
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, …), as better-sqlite3 names them. */
function isBusy(error: unknown): boolean {
  const code = error instanceof Error ? Reflect.get(error, "code") : undefined;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
