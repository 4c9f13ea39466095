import { createHash } from "node:crypto";

/**
 * HTTP caching of API reads, the same on every path — the lean tRPC handler,
 * tRPC's stock one, and REST under Next or the production server
 * (docs/decisions/036):
 *
 * - a successful GET (a tRPC query or batch of queries, a REST read) carries
 *   an `ETag`, a hash of its body, and answers `304 Not Modified`, with no
 *   body, to an `If-None-Match` naming it. The procedure still runs (the
 *   answer must be computed to be compared): a 304 saves the bytes on the
 *   wire and the client's parsing, not the server's work;
 * - an answer that depends on who asks — the request presented credentials
 *   (an `Authorization` header or a session cookie), or the context found a
 *   viewer — is `private, no-store`: no cache, shared or the browser's, keeps
 *   it, so nothing of one user's lingers on a shared machine or in a proxy;
 * - an anonymous read is `public, no-cache`: any cache may keep it, but must
 *   ask again before each use, so a write is never served stale; `Vary:
 *   Cookie, Authorization` keeps a cache from handing it to a signed-in user;
 * - mutations and errors get neither: their Cache-Control is what
 *   `httpResponseMeta` (./response-meta.ts) gives them.
 */

export const PRIVATE_ANSWER = "private, no-store";
export const PUBLIC_READ = "public, no-cache";
/** What an anonymous read's answer would differ by, were the request not anonymous. */
export const VARY_ON_CREDENTIALS = "cookie, authorization";

/**
 * Auth.js's session cookie, under any of its names — plain or `__Secure-`,
 * whole or split in chunks (`.0`, `.1`) — found anywhere in the Cookie
 * header. Deliberately loose: Auth.js's cookie parser trims the space around
 * a name (`authjs.session-token =…` signs in), and a request that merely
 * mentions the name and is treated as signed in loses nothing but a cached
 * answer, where one treated as signed out could have its page shared. It
 * decides what is never cached, not who someone is: what only a signed-in
 * request may do (announce a write, apps/web/src/server/page-cache-bus.ts)
 * also needs the viewer its context found.
 */
const SESSION_COOKIE = "authjs.session-token";

/**
 * Whether a request speaks for someone: a bearer token (any Authorization
 * header) or a session cookie. The one test of it for every cache — the API's
 * HTTP caching here and the page cache — so they cannot disagree.
 */
export function presentsCredentials(authorization: string | null | undefined, cookie: string | null | undefined) {
  return Boolean(authorization) || (cookie?.includes(SESSION_COOKIE) ?? false);
}

/**
 * A weak validator for `body`: weak because the same answer may travel
 * compressed or not (Next compresses what it serves), which a strong tag
 * would have to tell apart; `If-None-Match` compares weakly anyway.
 */
export function entityTagOf(body: string | Uint8Array): string {
  return `W/"${createHash("sha1").update(body).digest("base64url")}"`;
}

/** Whether an `If-None-Match` header names `etag` (weak comparison, RFC 9110 §13.1.2), or is `*`. */
export function ifNoneMatchHits(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return ifNoneMatch.split(",").some((tag) => opaque(tag) === wanted);
}

/** A read's answer, as the caching of reads sees it. */
export interface ReadAnswer {
  method: string | undefined;
  status: number;
  /** Its body, as sent. */
  body: string | Uint8Array;
  /** The request's own headers that decide: who asks, and what the client already holds. */
  authorization: string | null | undefined;
  cookie: string | null | undefined;
  ifNoneMatch: string | null | undefined;
  /** The answer's own Cache-Control and Vary, if any (from the request's context). */
  cacheControl: string | null | undefined;
  vary: string | null | undefined;
}

export interface ReadCaching {
  /** The headers the answer gains: its ETag, its Cache-Control and what it varies by. */
  headers: { etag: string; "cache-control": string; vary: string };
  /** Whether the client already holds this answer: send a 304 with no body instead. */
  notModified: boolean;
}

/**
 * The caching of one answer, decided once for every path: null for anything
 * but a successful GET (another method, another status); else its headers,
 * and whether the client's `If-None-Match` already names it. The callers
 * check the rest — a JSON answer, not a stream, with no error inside.
 */
export function readCaching(answer: ReadAnswer): ReadCaching | null {
  if (answer.method !== "GET" || answer.status !== 200) return null;
  const personal = presentsCredentials(answer.authorization, answer.cookie) || markedPrivate(answer.cacheControl);
  const etag = entityTagOf(answer.body);
  return {
    headers: {
      etag,
      "cache-control": personal ? PRIVATE_ANSWER : PUBLIC_READ,
      vary: answer.vary ? `${answer.vary}, ${VARY_ON_CREDENTIALS}` : VARY_ON_CREDENTIALS,
    },
    notModified: ifNoneMatchHits(answer.ifNoneMatch, etag),
  };
}

/**
 * Whether an answer's own Cache-Control (from the request's context) already
 * keeps it out of shared caches — it is someone's: `private` or `no-store`
 * anywhere in it wins over the public default.
 */
export const markedPrivate = (cacheControl: string | null | undefined) =>
  cacheControl ? /(?:^|,)\s*(?:private|no-store)\b/i.test(cacheControl) : false;

/** Headers a 304 leaves out: it has no body, so nothing describes one. */
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "transfer-encoding"];

/** Whether a tRPC request asked for a streamed batch (JSON lines), which is answered as it is produced. */
const asksForStream = (req: Request) =>
  req.headers.get("trpc-accept") === "application/jsonl" || req.headers.get("accept") === "application/jsonl";

/**
 * A Fetch answer with the caching of reads (`readCaching`) when it is a JSON
 * answer held whole; anything else — an event stream, a streamed batch
 * (chunked, produced as it goes, its errors inside), another method or
 * status — passes unchanged.
 */
export async function withReadCaching(req: Request, response: Response): Promise<Response> {
  if (req.method !== "GET" || response.status !== 200 || asksForStream(req)) return response;
  if (response.headers.has("transfer-encoding")) return response;
  if (response.headers.get("content-type")?.split(";")[0]?.trim() !== "application/json") return response;
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  const caching = readCaching({
    method: req.method,
    status: response.status,
    body,
    authorization: req.headers.get("authorization"),
    cookie: req.headers.get("cookie"),
    ifNoneMatch: req.headers.get("if-none-match"),
    cacheControl: headers.get("cache-control"),
    vary: headers.get("vary"),
  });
  if (!caching) return new Response(body, { status: response.status, headers });
  for (const [name, value] of Object.entries(caching.headers)) headers.set(name, value);
  if (caching.notModified) {
    for (const name of BODY_HEADERS) headers.delete(name);
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers });
}

/** The headers of a 304 from those the 200 would have had. */
export function notModifiedHeaders(headers: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !BODY_HEADERS.includes(name.toLowerCase())));
}
