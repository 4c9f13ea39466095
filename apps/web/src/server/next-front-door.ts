import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { existsSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { join } from "node:path";

import { logger } from "@trellis/server/log";
import { settings } from "@trellis/validators/settings";

import { serverSettings } from "./env";
import { claimFrontDoor, createFrontDoor, type FrontDoor, frontDoorOwner, guardConnections } from "./front-door";
import { stopGracefullyOnSignals } from "./graceful-shutdown";
import { openPageCache } from "./page-cache-bus";
import { liveServerActionIds, serverActionIds } from "./unserved-requests";

/** Node publishes every request here, with its server, just before the server's "request" listeners run. */
const REQUEST_START = "http.server.request.start";

interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

function isRequestStart(message: unknown): message is RequestStart {
  return typeof message === "object" && message !== null && "server" in message && "request" in message;
}

/**
 * Puts the front door (./front-door.ts) in front of Next's own HTTP server
 * under `next start` and `next dev`, which give the app no other way to see a
 * request's socket, to answer before Next does, or to learn a response's
 * status (docs/decisions/032). Called from instrumentation, once, in the
 * process that serves; the production server puts its own front door and
 * claims it, so this does nothing there.
 *
 * Next creates its server, and starts listening, before instrumentation runs,
 * and hands the app no reference to it. Node's diagnostics channel for
 * incoming requests — a public API, published before the server's "request"
 * listeners run — names the server: at the first request, the listeners Next
 * registered are moved behind the front door, so that request and every one
 * after it passes through it first. Requests Next accepted before
 * instrumentation ran (it queues them while it starts; `next dev` compiles
 * instrumentation on its first request) are answered by Next alone: the proxy
 * still gives them the security headers and the Origin check, and their
 * handlers no client address (per-address limits skip them).
 *
 * SIGTERM and SIGINT drain as under the production server. Next handles them
 * too unless NEXT_MANUAL_SIG_HANDLE is set (`pnpm --filter @trellis/web
 * start:next` sets it): then Next's own handler may exit (143) as soon as its
 * connections are closed, before the job worker, the event bus and the
 * database have.
 */
export function putFrontDoorBeforeNext(): void {
  if (frontDoorOwner()) return;
  const log = logger();
  const development = settings().nodeEnv === "development";
  // Next runs from the app's folder under `pnpm dev` and `start:next`; started from elsewhere, the front
  // door would find no build here and refuse every server action, so it says so.
  const webDir = process.cwd();
  if (!development && !existsSync(join(webDir, ".next", "BUILD_ID"))) {
    log.warn(`No Next build in ${webDir}/.next: start Next from the app's folder, or server actions are refused.`);
  }
  const frontDoor = createFrontDoor({
    log,
    // `next dev` builds into .next/dev (and compiles actions as it goes), `next build` into .next.
    serverActions: development ? liveServerActionIds(webDir, ".next/dev") : serverActionIds(webDir),
    // Not under `next dev`: a change to a page's code must show on the next load (docs/decisions/037).
    pageCache: development ? undefined : openPageCache(log),
  });
  const shutdown = stopGracefullyOnSignals(undefined, { timeoutMs: serverSettings().shutdownTimeoutMs, log });
  if (!development && !settings().nextHandsOverSignals) {
    log.warn(
      "NEXT_MANUAL_SIG_HANDLE is not set: on SIGTERM, Next may exit before the job worker, the event bus and " +
        "the database have closed. `pnpm --filter @trellis/web start:next` sets it (docs/decisions/032).",
    );
  }

  whenFirstServerAnswers((server) => {
    putBehindFrontDoor(server, frontDoor);
    guardConnections(server, log);
    shutdown.watch(server);
  });
  claimFrontDoor("next");
}

/**
 * Calls `adopt` with the first server that receives a request in this
 * process, before that server's "request" listeners run for it.
 */
export function whenFirstServerAnswers(adopt: (server: Server) => void): void {
  let adopted = false;
  const onRequest = (message: unknown) => {
    if (adopted || !isRequestStart(message)) return;
    adopted = true;
    adopt(message.server);
    // One server per process: nothing left to learn from the channel. Not while it is publishing to us.
    setImmediate(() => unsubscribe(REQUEST_START, onRequest));
  };
  subscribe(REQUEST_START, onRequest);
}

/** Moves the server's "request" listeners (Next's) behind the front door: each request passes it first. */
export function putBehindFrontDoor(server: Server, frontDoor: FrontDoor): void {
  const listeners = server.listeners("request");
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) =>
    frontDoor(req, res, () => Promise.all(listeners.map((listener) => listener.call(server, req, res)))),
  );
}
