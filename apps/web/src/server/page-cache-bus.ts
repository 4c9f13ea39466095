import type { IncomingMessage, ServerResponse } from "node:http";

import { type EventBus, traceHandling } from "@trellis/api/events";
import { presentsCredentials } from "@trellis/server/http";
import type { Logger } from "@trellis/server/log";
import { settings } from "@trellis/validators/settings";

import { getEvents } from "./events";
import { createPageCache, type PageCache } from "./page-cache";
import { requestScope } from "./request-scope";
import { onShutdown } from "./shutdown";

/** The methods that change nothing; any other, from someone signed in, may have changed a public page. */
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * How long a writer's answer waits for the bus to take its announcement. The
 * pages' maximum age is the backstop for an announcement that never arrived;
 * a hung bus must not hold every write's answer with it.
 */
const PUBLISH_WAIT_MS = 1_000;

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
      // Called in the request's scope (./front-door.ts), where its context notes the viewer it finds.
      const scope = requestScope().getStore();
      announceWrites(req, res, { cache, events: getEvents, log, foundViewer: () => Boolean(scope?.userId) });
      return cache.answer(req, res, render);
    },
  };
}

/**
 * Ties a page cache (./page-cache.ts) to the event bus, so that a write on
 * any instance empties it on every instance (docs/decisions/037): the cache
 * answers only while it listens — and, on a bus that says so (Redis), only
 * while its reading of the shared log succeeds — and forgets every page at
 * each event: every event on the bus is a write (a post or comment written,
 * edited or deleted, a like, or the "content.changed" that announceWrites
 * publishes for every other write).
 */
export function connectPageCache(
  events: () => Promise<EventBus>,
  log: Logger,
  { cache = createPageCache(), signal }: { cache?: PageCache; signal?: AbortSignal } = {},
): PageCache {
  void (async () => {
    let listening = false;
    let reading = true;
    try {
      const bus = await events();
      // While Redis cannot be read, writes elsewhere go unheard: the cache closes until the reading resumes (and
      // replays what it missed, from where it stopped).
      bus.watchReading?.((ok) => {
        reading = ok;
        cache.setOpen(listening && reading);
      }, signal);
      const received = bus.subscribe({ signal })[Symbol.asyncIterator]();
      // The bus listens from the first pull: only then may the cache answer, or it could miss an invalidation.
      const first = received.next();
      listening = true;
      cache.setOpen(reading);
      for (let next = await first; !next.done; next = await received.next()) {
        // A span linked to the write's publish when tracing is on (docs/decisions/049).
        await traceHandling("page cache", next.value, async () => cache.invalidate());
      }
    } catch (error) {
      log.error({ err: error }, "Page cache: the event bus failed; pages are rendered for every reader");
    } finally {
      // For good: a later word from the bus's reading does not reopen it.
      listening = false;
      cache.setOpen(false);
    }
  })();
  return cache;
}

/**
 * For a request that may write (any method but GET, HEAD and OPTIONS — a tRPC
 * or REST mutation, a server action, an Auth.js form) from someone signed in:
 * empties this instance's cache and announces the write on the bus. No
 * anonymous request can change the feed or a post, so none empties a cache:
 * anyone could otherwise empty every instance's, as often as they like.
 *
 * Answered below 400, the response ends only once the bus has taken the
 * announcement (or after PUBLISH_WAIT_MS): this instance serves nothing older
 * than the write from then on, and every other instance as soon as its own
 * reading of the bus brings the announcement — a Redis round trip, not
 * necessarily before the writer has its answer. Answered otherwise, or cut
 * short (the client hung up), it is announced when the response closes,
 * without waiting: a write may have committed before the failure.
 */
export function announceWrites(
  req: IncomingMessage,
  res: ServerResponse,
  {
    cache,
    events,
    log,
    foundViewer,
    publishWaitMs = PUBLISH_WAIT_MS,
  }: {
    cache: PageCache;
    events: () => Promise<EventBus>;
    log: Logger;
    /** Whether the request turned out to speak for someone: its session or token signed a user in. */
    foundViewer: () => boolean;
    publishWaitMs?: number;
  },
): void {
  if (READ_METHODS.has(req.method ?? "GET")) return;
  // Credentials that sign no one in (a forged cookie, a made-up token) can change nothing: checked first,
  // cheaply, then again once the request has found — or not — its viewer.
  if (!presentsCredentials(req.headers.authorization, req.headers.cookie)) return;
  let announced: Promise<void> | undefined;
  const announce = () => {
    if (!announced) {
      cache.invalidate();
      announced = publishWithin(events, publishWaitMs, log);
    }
    return announced;
  };
  const end = res.end;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (res.statusCode >= 400 || !foundViewer()) return Reflect.apply(end, this, args);
    // A later call waits too, so the calls still end the response in their order.
    void announce().then(() => Reflect.apply(end, this, args));
    return this;
  } as typeof res.end;
  // A refusal (4xx) changed nothing; a failure (5xx) or an answer cut short may follow a committed write.
  res.once("close", () => {
    const refused = res.writableEnded && res.statusCode >= 400 && res.statusCode < 500;
    if (!refused && foundViewer()) void announce();
  });
}

/** Publishes "content.changed"; resolves when the bus has it, failed, or `waitMs` passed — whichever is first. */
function publishWithin(events: () => Promise<EventBus>, waitMs: number, log: Logger): Promise<void> {
  const published = events()
    .then((bus) => bus.publish({ type: "content.changed" }))
    .then(
      () => undefined,
      (error: unknown) => log.error({ err: error }, "Page cache: announcing a write on the event bus failed"),
    );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), waitMs);
  });
  return Promise.race([published, late]).then((outcome) => {
    clearTimeout(timer);
    if (outcome === "late") {
      log.warn(
        `Page cache: the event bus took over ${waitMs} ms to announce a write; answering without waiting (other instances' pages expire within their maximum age)`,
      );
    }
  });
}
