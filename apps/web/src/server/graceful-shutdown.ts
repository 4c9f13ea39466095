import type { IncomingMessage, Server, ServerResponse } from "node:http";

import type { Logger } from "@trellis/server/log";

import { beginShutdown, closeRegistered, isShuttingDown } from "./shutdown";

/** How long each registered service (database, event bus, job worker) gets to close. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Stops the server without dropping work, on SIGTERM (a deploy, a scale-down)
 * or SIGINT (Ctrl-C) — the production server's, or Next's own under
 * `next start` (./next-front-door.ts, which learns of it from its first
 * request and passes it to `watch`):
 *
 * 1. the readiness check turns 503, so a load balancer stops sending traffic;
 * 2. the listener closes: new connections are refused;
 * 3. live streams (SSE subscriptions) are cut at once — they never end by
 *    themselves; their clients reconnect, to another instance behind a
 *    balancer, and resume after their last event;
 * 4. requests in flight finish, for up to `timeoutMs`; then what is left is cut;
 * 5. what registered with onShutdown closes (job worker, event bus, database);
 * 6. the process exits 0 (1 if something failed to close).
 *
 * A second signal exits at once.
 */
export function stopGracefullyOnSignals(
  server: Server | undefined,
  { timeoutMs, log }: { timeoutMs: number; log: Logger },
): { watch(server: Server): void } {
  const inFlight = new InFlight();
  const servers: Server[] = [];
  const watch = (watched: Server) => {
    servers.push(watched);
    watched.on("request", (req: IncomingMessage, res: ServerResponse) => {
      inFlight.add(req, res);
      // Tell keep-alive clients not to send another request on this connection.
      if (isShuttingDown() && !res.headersSent) res.setHeader("connection", "close");
    });
  };
  if (server) watch(server);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, `${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    const started = performance.now();
    beginShutdown();
    log.info({ signal, inFlight: inFlight.size, timeoutMs }, `${signal}: draining`);
    // Whatever happens below, the process does not outlive its bound by much.
    setTimeout(
      () => {
        log.error("shutdown overran its bound: exiting");
        process.exit(1);
      },
      timeoutMs + 2 * CLOSE_TIMEOUT_MS,
    ).unref();

    for (const watched of servers) {
      watched.close();
      watched.closeIdleConnections();
    }
    const streams = inFlight.cutEventStreams();
    if (streams > 0) log.info({ streams }, `closed ${streams} live stream(s)`);

    if (!(await inFlight.settled(timeoutMs))) {
      log.warn({ inFlight: inFlight.size, timeoutMs }, `cutting ${inFlight.size} request(s) still running`);
    }
    for (const watched of servers) watched.closeAllConnections();

    const failed = await closeRegistered({ timeoutMs: CLOSE_TIMEOUT_MS, log });
    const durationMs = Math.round(performance.now() - started);
    log.info({ durationMs, failed }, failed.length ? `stopped; failed to close: ${failed.join(", ")}` : "stopped");
    process.exit(failed.length ? 1 : 0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return { watch };
}

/** The requests whose responses have not closed yet. */
class InFlight {
  readonly #open = new Map<ServerResponse, IncomingMessage>();
  #onEmpty: (() => void) | undefined;

  get size(): number {
    return this.#open.size;
  }

  add(req: IncomingMessage, res: ServerResponse): void {
    this.#open.set(res, req);
    res.once("close", () => {
      this.#open.delete(res);
      if (this.#open.size === 0) this.#onEmpty?.();
    });
  }

  /** Destroys every open event stream; returns how many there were. */
  cutEventStreams(): number {
    let cut = 0;
    for (const [res, req] of this.#open) {
      const contentType = String(res.getHeader("content-type") ?? "");
      if (req.headers.accept?.includes("text/event-stream") || contentType.startsWith("text/event-stream")) {
        res.destroy();
        cut += 1;
      }
    }
    return cut;
  }

  /** Resolves true once every response has closed, false if some are still open after `timeoutMs`. */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.#open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#onEmpty = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }
}
