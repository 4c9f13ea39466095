import type { IncomingMessage, ServerResponse } from "node:http";

import type { EventBus } from "@trellis/api/events";
import type { Logger } from "@trellis/server/log";
import { settings } from "@trellis/validators/settings";

import { getEvents } from "./events";
import { createPageCache, type PageCache } from "./page-cache";
import { onShutdown } from "./shutdown";

/** The methods that change nothing; any other answered below 400 may have changed a public page. */
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** What the front door (./front-door.ts) asks of the page cache: to answer a request, or let it through. */
export interface FrontDoorCache {
  answer(req: IncomingMessage, res: ServerResponse, render: () => unknown): Promise<unknown>;
}

/**
 * This process's page cache, listening on its event bus (./events.ts), or
 * undefined when PAGE_CACHE=off. The production server and `next start` put
 * it in their front door; `next dev` does not, so a change to the code shows
 * on the next load.
 */
export function openPageCache(log: Logger): FrontDoorCache | undefined {
  if (!settings().pageCache) return undefined;
  const stop = new AbortController();
  onShutdown("page cache", () => stop.abort());
  const cache = connectPageCache(getEvents, log, { signal: stop.signal });
  return {
    answer(req, res, render) {
      announceWrites(req, res, { cache, events: getEvents, log });
      return cache.answer(req, res, render);
    },
  };
}

/**
 * Ties a page cache (./page-cache.ts) to the event bus, so that a write on
 * any instance empties it on every instance (docs/decisions/037): the cache
 * answers only while it listens, and forgets every page at each event — every
 * event on the bus is a write (a post, a comment, a like, or the
 * "content.changed" that announceWrites publishes for every other write).
 */
export function connectPageCache(
  events: () => Promise<EventBus>,
  log: Logger,
  { cache = createPageCache(), signal }: { cache?: PageCache; signal?: AbortSignal } = {},
): PageCache {
  void (async () => {
    try {
      const bus = await events();
      const received = bus.subscribe({ signal })[Symbol.asyncIterator]();
      // The bus listens from the first pull: only then may the cache answer, or it could miss an invalidation.
      const first = received.next();
      cache.setOpen(true);
      for (let next = await first; !next.done; next = await received.next()) cache.invalidate();
    } catch (error) {
      log.error({ err: error }, "Page cache: the event bus failed; pages are rendered for every reader");
    } finally {
      cache.setOpen(false);
    }
  })();
  return cache;
}

/**
 * For a request that may write (any method but GET, HEAD and OPTIONS — a tRPC
 * or REST mutation, a server action, an Auth.js form): when it is answered
 * with a status below 400, empties this instance's cache and announces the
 * write on the bus before the response ends, so every instance has heard of
 * it by the time the writer has its answer — and a page rendered before it is
 * never served after it, anywhere.
 */
export function announceWrites(
  req: IncomingMessage,
  res: ServerResponse,
  { cache, events, log }: { cache: PageCache; events: () => Promise<EventBus>; log: Logger },
): void {
  if (READ_METHODS.has(req.method ?? "GET")) return;
  const end = res.end;
  let announced: Promise<void> | undefined;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (res.statusCode >= 400) return Reflect.apply(end, this, args);
    if (!announced) {
      cache.invalidate();
      announced = events()
        .then((bus) => bus.publish({ type: "content.changed" }))
        .then(
          () => undefined,
          (error: unknown) => log.error({ err: error }, "Page cache: announcing a write on the event bus failed"),
        );
    }
    // A later call waits too, so the calls still end the response in their order.
    void announced.then(() => Reflect.apply(end, this, args));
    return this;
  } as typeof res.end;
}
