import type { Logger } from "@trellis/server/log";

/*
 * What must be closed when the production server stops (server.ts, on
 * SIGTERM or SIGINT), and whether it is stopping. Kept on globalThis: Next
 * loads this module once per route bundle besides the copy server.ts loads,
 * and all of them must see one registry and one flag (the readiness route
 * answers 503 from the moment the server starts draining).
 */

interface Closer {
  name: string;
  close: () => Promise<void> | void;
}

interface ShutdownState {
  stopping: boolean;
  closers: Closer[];
}

const globalForShutdown = globalThis as typeof globalThis & { trellisShutdown?: ShutdownState };

function state(): ShutdownState {
  globalForShutdown.trellisShutdown ??= { stopping: false, closers: [] };
  return globalForShutdown.trellisShutdown;
}

/**
 * Registers something to close once the server has drained its requests: the
 * database, the event bus, a job worker. They close last-opened first, so a
 * worker stops before the database it writes to.
 */
export function onShutdown(name: string, close: () => Promise<void> | void): void {
  state().closers.push({ name, close });
}

/** True from the moment the server starts stopping: the readiness check then answers 503. */
export function isShuttingDown(): boolean {
  return state().stopping;
}

export function beginShutdown(): void {
  state().stopping = true;
}

/**
 * Closes everything registered, newest first, each within `timeoutMs` (one
 * that hangs is logged and left behind, so it cannot hold the exit).
 * Resolves with the names of those that failed or timed out.
 */
export async function closeRegistered({ timeoutMs, log }: { timeoutMs: number; log: Logger }): Promise<string[]> {
  const failed: string[] = [];
  const closers = state().closers.splice(0).reverse();
  for (const { name, close } of closers) {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    try {
      const outcome = await Promise.race([Promise.resolve().then(close), timedOut]);
      if (outcome === "timeout") {
        failed.push(name);
        log.error({ closer: name, timeoutMs }, `${name} did not close within ${timeoutMs} ms`);
      } else {
        log.info({ closer: name }, `${name} closed`);
      }
    } catch (error) {
      failed.push(name);
      log.error({ closer: name, err: error }, `${name} failed to close`);
    } finally {
      clearTimeout(timer);
    }
  }
  return failed;
}
