import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { constants, gzip as gzipCallback } from "node:zlib";

import { acceptsGzip, presentsCredentials, varyAlso } from "@trellis/server/http";
import { LRUCache } from "lru-cache";

import { requestScope } from "./request-scope";
import { createNonce } from "./security-headers";

const gzip = promisify(gzipCallback);

/**
 * The public pages a signed-out reader asks for most — the feed and a post —
 * kept as rendered, so that the next signed-out reader gets them without a
 * render (docs/decisions/037). Every signed-in write empties it on its own
 * instance before the writer has the answer, and on every other instance as
 * soon as that instance reads the write's announcement on the event bus
 * (./page-cache-bus.ts).
 *
 * A page carries the CSP nonce of the response it was rendered for
 * (docs/decisions/020): each answer from the cache swaps it, in the CSP header
 * and in the body alike, for a fresh one, so no two responses share a nonce.
 */

/** Says on every page whether the cache answered it (hit), kept it (miss) or stood aside (bypass). */
export const CACHE_HEADER = "x-trellis-cache";

/**
 * How long a reader who misses waits for the same page's render in flight
 * before rendering their own: a render that stalls (its app code slow, or
 * waiting on a database) must not hold every other reader behind it.
 */
export const MAX_WAIT_FOR_RENDER_MS = 2_000;
export type CacheVerdict = "hit" | "miss" | "bypass";

/** The paths it keeps: the feed, and a post by its id (a UUID). Anything else, and any query string, passes. */
const CACHEABLE_PATH = /^\/(?:posts\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/;

/**
 * Next's client navigations and prefetches ask for the page's React Server
 * Components payload, not its HTML, with these headers (and a `_rsc` query,
 * which the path rule already refuses). They are rarer than first loads and
 * vary with the router state the browser sends: they pass.
 */
const RSC_HEADERS = ["rsc", "next-router-prefetch", "next-router-state-tree", "next-router-segment-prefetch"];

/** Headers that belong to one response, not to the page: never kept, set afresh on each answer. */
const PER_RESPONSE_HEADERS = new Set([
  "connection",
  "content-encoding",
  "content-length",
  "date",
  "keep-alive",
  "transfer-encoding",
  "x-request-id",
  CACHE_HEADER,
]);

const NONCE_IN_CSP = /'nonce-([^']+)'/;

export interface PageCacheOptions {
  /** Pages kept at most; the least recently read goes first. */
  maxPages?: number;
  /** Bytes of page bodies kept at most, all pages together. */
  maxBytes?: number;
  /**
   * How long a page is kept even if no invalidation arrives: a backstop for an
   * event bus that lost one (Redis down while a write announced itself).
   */
  maxAgeMs?: number;
}

/** A page as rendered: its headers, and its body cut where its nonce stood. */
interface StoredPage {
  headers: [string, string | string[]][];
  csp: string;
  nonce: string;
  /** The body around each occurrence of the nonce: a fresh one goes between them. */
  pieces: Buffer[];
  bytes: number;
}

export interface PageCache {
  /**
   * Answers a signed-out read of a public page from the cache when it can (a
   * hit), else lets `render` answer it and keeps what it wrote for the next
   * reader (a miss); any other read of such a page is rendered (a bypass), and
   * says so in CACHE_HEADER. Any other request is rendered, and says nothing.
   */
  answer(req: IncomingMessage, res: ServerResponse, render: () => unknown): Promise<unknown>;
  /**
   * Forgets every page, and every render still in flight: one that started
   * before this call is not kept when it ends (it may predate what just
   * changed), and no reader who comes after this call waits for it.
   */
  invalidate(): void;
  /** Whether it answers at all: off until the event bus listens, and again if it stops. */
  setOpen(open: boolean): void;
  readonly isOpen: boolean;
  readonly size: number;
}

/** The key of the public page this request reads (a GET or HEAD of one), or null for any other request. */
export function pageKeyOf(req: IncomingMessage): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const url = req.url ?? "";
  return CACHEABLE_PATH.test(url) ? url : null;
}

/**
 * Whether the page may be shared with this reader: signed out (no session
 * cookie, no API token), and asking for the HTML, not a client navigation's
 * RSC payload.
 */
export function isSignedOutDocumentRead(req: IncomingMessage): boolean {
  const { headers } = req;
  // The same test as the API's HTTP caching: a reader Auth.js would sign in is never taken for signed out.
  if (presentsCredentials(headers.authorization, headers.cookie)) return false;
  if (RSC_HEADERS.some((name) => headers[name] !== undefined)) return false;
  // Next reads it as a server action's id even on a GET: never a plain page read.
  return headers["next-action"] === undefined;
}

export function createPageCache({
  maxPages = 500,
  maxBytes = 64 * 1024 * 1024,
  maxAgeMs = 5 * 60 * 1000,
}: PageCacheOptions = {}): PageCache {
  const pages = new LRUCache<string, StoredPage>({
    max: maxPages,
    maxSize: maxBytes,
    sizeCalculation: (page) => page.bytes,
    ttl: maxAgeMs,
  });
  // Grows with each invalidation: a render that began under an older one is not kept.
  let generation = 0;
  let open = false;
  // The renders in flight, by key, each settling with the page it wrote (null if unfit to share) when its
  // response closes: a reader who misses while one runs waits for it rather than render the same page again.
  // A write empties this too: a reader who comes after it never waits for a render that began before it.
  const rendering = new Map<string, Promise<StoredPage | null>>();

  async function answer(req: IncomingMessage, res: ServerResponse, render: () => unknown): Promise<unknown> {
    const key = pageKeyOf(req);
    if (key === null) return render();
    if (!open || !isSignedOutDocumentRead(req)) {
      res.setHeader(CACHE_HEADER, "bypass");
      return render();
    }
    const page = pages.get(key);
    if (page) return serve(page, req, res);
    const inFlight = rendering.get(key);
    if (inFlight) {
      // This reader came before any write that may land while the render runs was answered: what the render
      // wrote is as fresh as it may ask for, even when a write keeps it from being kept for later readers.
      const shared = await Promise.race([inFlight, sleep(MAX_WAIT_FOR_RENDER_MS, null, { ref: false })]);
      if (shared) return serve(shared, req, res);
    }
    // Only a GET has a body to keep: a HEAD that finds no page is rendered, and kept nowhere.
    if (req.method !== "GET") {
      res.setHeader(CACHE_HEADER, "bypass");
      return render();
    }
    res.setHeader(CACHE_HEADER, "miss");
    keepWhatIsWritten(key, req, res, generation, maxBytes);
    return render();
  }

  function keepWhatIsWritten(key: string, req: IncomingMessage, res: ServerResponse, startedAt: number, max: number) {
    // Next compresses when the client accepts it: asked for the plain bytes, it writes what the cache can
    // keep and cut at the nonce. This first reader gets them uncompressed; every later one from the cache.
    delete req.headers["accept-encoding"];
    const scope = requestScope().getStore();
    const chunks: Buffer[] = [];
    let bytes = 0;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (bytes > max || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer =
        typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
          : Buffer.from(chunk as Uint8Array);
      bytes += buffer.length;
      chunks.push(buffer);
    };
    const write = res.write;
    const end = res.end;
    res.write = function (this: ServerResponse, ...args: unknown[]) {
      collect(args[0], args[1]);
      return Reflect.apply(write, this, args);
    } as typeof res.write;
    // Settles with the page this render wrote (null if unfit to share) for the readers waiting for it.
    let settle!: (page: StoredPage | null) => void;
    const done = new Promise<StoredPage | null>((resolve) => {
      settle = resolve;
    });
    rendering.set(key, done);
    const settled = (page: StoredPage | null) => {
      if (rendering.get(key) === done) rendering.delete(key);
      settle(page);
    };
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      collect(args[0], args[1]);
      // The body is whole once Next ends it, whatever pace this reader's connection reads it at: the waiting
      // readers go on now, not when a slow client has taken the last byte. Kept only if rendered with all it
      // asked for and for no one — a render that found a viewer (a session the test above missed) wrote a
      // page of theirs, never to be shared — and if no write emptied the cache since it began.
      const page = bytes > max || scope?.degraded || scope?.userId ? null : pageFrom(res, Buffer.concat(chunks));
      if (page && startedAt === generation) pages.set(key, page);
      settled(page);
      return Reflect.apply(end, this, args);
    } as typeof res.end;
    // Cut short before it ended (the client hung up): the waiting readers render their own.
    res.once("close", () => settled(null));
  }
  function invalidate() {
    generation += 1;
    pages.clear();
    rendering.clear();
  }

  return {
    answer,
    invalidate,
    setOpen(value) {
      open = value;
      // Closed, it hears of no write: what it holds may go stale, so it holds nothing.
      if (!open) invalidate();
    },
    get isOpen() {
      return open;
    },
    get size() {
      return pages.size;
    },
  };
}

/**
 * The page to keep from a finished response, or null when it must not be
 * kept: anything but a 200 HTML page, one that sets a cookie (it was meant for
 * one reader) or says not to store it, or one whose nonce cannot be found.
 */
export function pageFrom(res: ServerResponse, body: Buffer): StoredPage | null {
  if (res.statusCode !== 200) return null;
  const headers = res.getHeaders();
  if (headers["set-cookie"] !== undefined) return null;
  if (!String(headers["content-type"] ?? "").startsWith("text/html")) return null;
  const csp = headers["content-security-policy"];
  const nonce = typeof csp === "string" ? NONCE_IN_CSP.exec(csp)?.[1] : undefined;
  if (typeof csp !== "string" || !nonce) return null;
  const pieces = splitAt(body, Buffer.from(nonce));
  // A page whose scripts carry no nonce would not run under any other response's policy.
  if (pieces.length < 2) return null;
  return { headers: keptHeaders(headers), csp, nonce, pieces, bytes: body.length };
}

function keptHeaders(headers: OutgoingHttpHeaders): [string, string | string[]][] {
  const kept: [string, string | string[]][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || PER_RESPONSE_HEADERS.has(name) || name === "content-security-policy") continue;
    kept.push([name, typeof value === "number" ? String(value) : value]);
  }
  return kept;
}

function splitAt(body: Buffer, separator: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (let at = body.indexOf(separator); at !== -1; at = body.indexOf(separator, start)) {
    pieces.push(body.subarray(start, at));
    start = at + separator.length;
  }
  pieces.push(body.subarray(start));
  return pieces;
}

/** The page with a fresh nonce in its CSP and its body, compressed when the client accepts gzip. */
async function serve(page: StoredPage, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const nonce = createNonce();
  const fresh = Buffer.from(nonce);
  const pieces: Buffer[] = [];
  page.pieces.forEach((piece, index) => {
    if (index > 0) pieces.push(fresh);
    pieces.push(piece);
  });
  let body = Buffer.concat(pieces);
  const compressed = acceptsGzip(req.headers["accept-encoding"]);
  const head = req.method === "HEAD";
  // Each answer's body differs (its nonce), so each is compressed anew: off the main thread (zlib's pool), at
  // the fastest level — measured on an 81 kB feed page, 1.7 ms for 9.5 kB where Next's default level takes
  // 4.1 ms for 8.3 kB (docs/decisions/037). A HEAD sends no body: none is compressed just to measure it.
  if (compressed && !head) body = await gzip(body, { level: constants.Z_BEST_SPEED });
  for (const [name, value] of page.headers) res.setHeader(name, value);
  res.setHeader("content-security-policy", page.csp.replaceAll(`'nonce-${page.nonce}'`, `'nonce-${nonce}'`));
  res.setHeader(CACHE_HEADER, "hit");
  // The same URL answers gzip or plain bytes by what the client accepts: a shared cache must know it.
  res.setHeader("vary", varyAlso(res.getHeader("vary"), "Accept-Encoding"));
  if (compressed) res.setHeader("content-encoding", "gzip");
  // A HEAD's length would be the compressed body's, unknown without compressing it: it is left out (RFC 9110 §8.6).
  if (!(compressed && head)) res.setHeader("content-length", body.length);
  res.writeHead(200);
  res.end(head ? undefined : body);
}
