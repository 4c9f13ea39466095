import { createServer, get as httpGet, type IncomingMessage, type Server } from "node:http";
import { gunzipSync } from "node:zlib";
import { appRouter, createContext } from "@trellis/api";
import { listProcedures } from "@trellis/api/procedures";
import { MISSING_ID, setupRouterTest, silentLogger, TEST_IP } from "@trellis/api/testing";
import { transformer } from "@trellis/api/transformer";
import { authenticateRequest } from "@trellis/auth";
import { afterAll, describe, expect, it } from "vitest";
import { createFetchHandler } from "./fetch-handler";
import { createLeanHandler, headersOf } from "./lean-handler";
import { MAX_BATCH_CALLS, MAX_BODY_BYTES } from "./limits";
import { httpResponseMeta } from "./response-meta";

/**
 * The differential test: the same requests, sent over real HTTP to the lean
 * handler and to tRPC's stock `fetchRequestHandler` as the app mounts it
 * (`createFetchHandler`: behind the same batch and body limits), each over its own,
 * identically prepared database, must get the same status, the headers that
 * matter and the same body — ids, dates and cursors aside, which differ
 * between two databases, and stack traces, which name different frames.
 */

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${address && typeof address === "object" ? address.port : 0}`;
}

/**
 * Sign-ups from one address are limited to two here, so the cases can show a
 * TOO_MANY_REQUESTS on both sides (the third sign-up); every other limit has
 * its production size.
 */
const limits = { signUpsPerIp: { points: 2, durationSeconds: 3600 } };

/** One side: a fresh database with the same cast (Alice, Bob, Ada; a post and a comment of Alice's; tokens). */
async function side(kind: "lean" | "stock") {
  const { testDb, jobs, events, as, rateLimits, alice, ada } = await setupRouterTest({ limits });
  const sessions = { alice, ada };
  const contextFor = async (headers: Headers) => {
    const inSession = headers.get(TEST_SESSION);
    const auth =
      inSession === "alice" || inSession === "ada"
        ? { viewer: sessions[inSession], refused: null }
        : await authenticateRequest(testDb.data, headers, { secret: "test", secureCookies: false });
    const appUrl = "http://trellis.test";
    const requestId = headers.get("x-request-id") ?? undefined; // the same on both sides: error bodies carry it
    return createContext({
      data: testDb.data,
      ...auth,
      jobs,
      events,
      appUrl,
      ip: TEST_IP,
      rateLimits,
      requestId,
      log: silentLogger,
    });
  };
  const mint = async (who: "alice" | "bob" | "ada", scope: "read" | "read-write") =>
    (await as[who].apiToken.create({ name: `${who} ${scope}`, scope, expiresInDays: null })).secret;
  const post = await as.alice.post.create({ title: "Fixture", body: "A post to act on." });
  const comment = await as.alice.comment.create({ postId: post.id, body: "A comment to act on." });
  const fixtures = {
    post: post.id,
    comment: comment.id,
    bob: (await as.bob.account.me())?.id ?? "",
    tokens: {
      alice: await mint("alice", "read-write"),
      aliceRead: await mint("alice", "read"),
      bob: await mint("bob", "read-write"),
      ada: await mint("ada", "read-write"),
      unknown: "trl_this_token_was_never_issued_by_this_app_0000",
    },
  };

  const lean = createLeanHandler({
    router: appRouter,
    endpoint: "/api/trpc",
    createContext: (req) => contextFor(headersOf(req)),
    responseMeta: httpResponseMeta,
  });
  const server = createServer(async (req, res) => {
    if (kind === "lean") {
      if (!(await lean(req, res))) res.writeHead(599).end("the lean handler passed");
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: headersOf(req),
      body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const stock = createFetchHandler({
      router: appRouter,
      endpoint: "/api/trpc",
      createContext: () => contextFor(request.headers),
    });
    const response = await stock(request);
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    res.writeHead(response.status, responseHeaders);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return { url: await listen(server), fixtures, as };
}

/**
 * A request header standing for Alice's (a user's) or Ada's (an admin's)
 * signed-in browser session, named by its value: the context is that
 * person's session viewer, as a valid session cookie would give it.
 * Reading the cookie is authenticateRequest's job, tested with real cookies
 * in packages/auth/src/session.test.ts; here what matters is the answer a
 * session gets, for the calls only a session may make.
 */
const TEST_SESSION = "x-test-session";

type Fixtures = Awaited<ReturnType<typeof side>>["fixtures"];
interface Call {
  path: string;
  input?: unknown;
}
interface Case {
  name: string;
  method: "GET" | "POST";
  calls: Call[];
  batch?: boolean;
  token?: keyof Fixtures["tokens"];
  /** From Alice's (true) or Ada's browser session (see TEST_SESSION) instead of a token. */
  session?: true | "ada";
  /** Sent as is instead of the calls' inputs. */
  rawInput?: string;
  /** What both sides must answer, beyond answering alike. */
  expect?: {
    status: number;
    retryAfter?: string | null;
    cacheControl?: string | null;
    wwwAuthenticate?: string | null;
    hasETag?: boolean;
    body?: unknown;
  };
}

const serialize = (input: unknown) => (input === undefined ? undefined : transformer.input.serialize(input));

async function send(url: string, fixtures: Fixtures, c: Case) {
  const paths = c.calls.map((call) => call.path).join(",");
  const batch = c.batch ?? c.calls.length > 1;
  const payload =
    c.rawInput ??
    JSON.stringify(
      batch ? Object.fromEntries(c.calls.map((call, i) => [i, serialize(call.input)])) : serialize(c.calls[0]?.input),
    );
  const query = new URLSearchParams();
  if (batch) query.set("batch", "1");
  if (c.method === "GET" && payload !== undefined) query.set("input", payload);
  const headers: Record<string, string> = { "x-request-id": `case-${c.name.replace(/[^\w]+/g, "-")}` };
  if (c.token) headers.authorization = `Bearer ${fixtures.tokens[c.token]}`;
  if (c.session) headers[TEST_SESSION] = c.session === true ? "alice" : c.session;
  if (c.method === "POST") headers["content-type"] = "application/json";
  const response = await fetch(`${url}/api/trpc/${paths}?${query}`, {
    method: c.method,
    headers,
    body: c.method === "POST" ? (payload ?? "") : undefined,
  });
  const text = JSON.stringify(decode(await response.text()));
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    // Less the encoding, which Next negotiates for the stock handler outside this test (see compression below).
    vary: response.headers.get("vary")?.replace(/, accept-encoding$/, ""),
    retryAfter: normalizeRetryAfter(response.headers.get("retry-after")),
    cacheControl: response.headers.get("cache-control"),
    wwwAuthenticate: response.headers.get("www-authenticate"),
    // The tag itself hashes the body, which holds ids that differ between the two databases.
    hasETag: response.headers.has("etag"),
    body: normalize(text),
    hadStack: text.includes('"stack"'),
  };
}

type Envelope = { result?: { data?: unknown }; error?: unknown };

/** The body with the wire format undone: the envelope is JSON; each result's data and each error are devalue. */
function decode(text: string): unknown {
  const decodeOne = (envelope: Envelope): Envelope => {
    if (envelope.result) return { ...envelope, result: { data: transformer.output.deserialize(envelope.result.data) } };
    if (envelope.error !== undefined) return { ...envelope, error: transformer.output.deserialize(envelope.error) };
    return envelope;
  };
  const body = JSON.parse(text) as Envelope | Envelope[];
  return Array.isArray(body) ? body.map(decodeOne) : decodeOne(body);
}

/**
 * Retry-After counts down on each side's own clock, so two answers a moment
 * apart may differ by a second: any whole number of seconds within the
 * window compares equal.
 */
function normalizeRetryAfter(value: string | null): string | null {
  if (value === null || !/^\d+$/.test(value)) return value;
  const seconds = Number(value);
  return seconds > 0 && seconds <= limits.signUpsPerIp.durationSeconds ? "<seconds within the window>" : value;
}

/** What differs between two databases or two call stacks, replaced by placeholders. */
function normalize(text: string): unknown {
  const ids = new Map<string, string>();
  const replaced = text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!ids.has(id)) ids.set(id, `<id${ids.size}>`);
      return ids.get(id) ?? id;
    })
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<date>")
    .replace(/"nextCursor":"[^"]+"/g, '"nextCursor":"<cursor>"')
    .replace(/trl_[\w-]+/g, "<token>")
    .replace(/"prefix":"[^"]+"/g, '"prefix":"<prefix>"')
    .replace(/"challenge":"[\w-]+"/g, '"challenge":"<challenge>"');
  return JSON.parse(replaced, (key, value) => (key === "stack" || key === "requestId" ? `<${key}>` : value));
}

/** The cases of what stays whatever the app is: accounts, tokens, admin, jobs, and the protocol itself. */
const runtimeCases = (fx: Fixtures): Case[] => [
  // Queries, one by one, anonymous and signed in.
  { name: "account.me anonymous", method: "GET", calls: [{ path: "account.me" }] },
  { name: "account.me", method: "GET", calls: [{ path: "account.me" }], token: "alice" },
  { name: "account.profile", method: "GET", calls: [{ path: "account.profile" }], token: "alice" },
  { name: "account.profile anonymous: UNAUTHORIZED", method: "GET", calls: [{ path: "account.profile" }] },
  { name: "admin.users as admin", method: "GET", calls: [{ path: "admin.users", input: {} }], token: "ada" },
  { name: "admin.users as user: FORBIDDEN", method: "GET", calls: [{ path: "admin.users", input: {} }], token: "bob" },
  { name: "apiToken.list by token: FORBIDDEN", method: "GET", calls: [{ path: "apiToken.list" }], token: "alice" },
  {
    name: "account.checkPasswordReset made-up token",
    method: "GET",
    calls: [{ path: "account.checkPasswordReset", input: { token: "x".repeat(43) } }],
  },
  // Batches, including a failing call among good ones (207).
  {
    name: "batch of queries",
    method: "GET",
    calls: [{ path: "account.me" }, { path: "account.profile" }, { path: "account.me" }],
    token: "bob",
  },
  {
    name: "batch with a failing call",
    method: "GET",
    calls: [{ path: "account.me" }, { path: "account.profile" }],
  },
  { name: "batch of one", method: "GET", calls: [{ path: "account.me" }], batch: true, token: "alice" },
  // Mutations.
  {
    name: "account.updateProfile",
    method: "POST",
    calls: [{ path: "account.updateProfile", input: { name: "Al" } }],
    token: "alice",
  },
  {
    name: "account.updateProfile invalid",
    method: "POST",
    calls: [{ path: "account.updateProfile", input: { name: "" } }],
    token: "bob",
  },
  {
    name: "account.updateProfile anonymous: UNAUTHORIZED",
    method: "POST",
    calls: [{ path: "account.updateProfile", input: { name: "Anon" } }],
  },
  {
    name: "account.updateProfile read-only token: FORBIDDEN",
    method: "POST",
    calls: [{ path: "account.updateProfile", input: { name: "Read" } }],
    token: "aliceRead",
    expect: { status: 403 },
  },
  {
    name: "account.changePassword wrong",
    method: "POST",
    calls: [{ path: "account.changePassword", input: { currentPassword: "x", newPassword: "long enough pass" } }],
    token: "alice",
  },
  {
    name: "account.signOutEverywhere by token",
    method: "POST",
    calls: [{ path: "account.signOutEverywhere" }],
    token: "alice",
  },
  { name: "account.signUp invalid", method: "POST", calls: [{ path: "account.signUp", input: { email: "nope" } }] },
  {
    name: "account.requestPasswordReset",
    method: "POST",
    calls: [{ path: "account.requestPasswordReset", input: { email: "nobody@example.com" } }],
  },
  {
    name: "account.resetPassword bad token",
    method: "POST",
    calls: [{ path: "account.resetPassword", input: { token: "x".repeat(43), password: "long enough pass" } }],
  },
  {
    name: "account.signUp",
    method: "POST",
    calls: [{ path: "account.signUp", input: { name: "New", email: "new@example.com", password: "long enough pass" } }],
  },
  {
    name: "account.signUp taken: CONFLICT",
    method: "POST",
    calls: [{ path: "account.signUp", input: { name: "New", email: "new@example.com", password: "long enough pass" } }],
  },
  {
    name: "account.signUp over the limit: TOO_MANY_REQUESTS, Retry-After",
    method: "POST",
    calls: [{ path: "account.signUp", input: { name: "N", email: "third@example.com", password: "long enough pass" } }],
    expect: { status: 429, retryAfter: "<seconds within the window>" },
  },
  {
    name: "batch with a rate-limited call: 207, Retry-After",
    method: "POST",
    calls: [
      { path: "account.updateProfile", input: { name: "Alice" } },
      { path: "account.signUp", input: { name: "N", email: "fourth@example.com", password: "long enough pass" } },
    ],
    token: "alice",
    expect: { status: 207, retryAfter: "<seconds within the window>" },
  },
  {
    name: "admin.setRole from an admin's browser session",
    method: "POST",
    calls: [{ path: "admin.setRole", input: { userId: fx.bob, role: "admin" } }],
    session: "ada",
    expect: { status: 200 },
  },
  {
    name: "admin.setRole with an admin's token: FORBIDDEN, a browser session only",
    method: "POST",
    calls: [{ path: "admin.setRole", input: { userId: fx.bob, role: "user" } }],
    token: "ada",
    expect: { status: 403 },
  },
  // Background jobs (admin only); each side counts its own, identically queued, jobs.
  { name: "admin.jobs.counts", method: "GET", calls: [{ path: "admin.jobs.counts" }], token: "ada" },
  { name: "admin.jobs.failed", method: "GET", calls: [{ path: "admin.jobs.failed", input: {} }], token: "ada" },
  {
    name: "admin.jobs.failed as user: FORBIDDEN",
    method: "GET",
    calls: [{ path: "admin.jobs.failed", input: {} }],
    token: "bob",
  },
  {
    name: "admin.jobs.retry unknown: NOT_FOUND",
    method: "POST",
    calls: [{ path: "admin.jobs.retry", input: { id: "nope" } }],
    token: "ada",
  },
  {
    name: "admin.jobs.discard unknown: NOT_FOUND",
    method: "POST",
    calls: [{ path: "admin.jobs.discard", input: { id: "nope" } }],
    token: "ada",
  },
  // Two-factor and passkeys are a browser session's (ADR 046, 047): a token is refused.
  {
    name: "twoFactor.status by token: FORBIDDEN",
    method: "GET",
    calls: [{ path: "twoFactor.status" }],
    token: "alice",
  },
  { name: "twoFactor.begin by token: FORBIDDEN", method: "POST", calls: [{ path: "twoFactor.begin" }], token: "alice" },
  ...(["confirm", "disable", "regenerateRecoveryCodes"] as const).map((name) => ({
    name: `twoFactor.${name} by token: FORBIDDEN`,
    method: "POST" as const,
    calls: [{ path: `twoFactor.${name}`, input: { code: "123456" } }],
    token: "alice" as const,
  })),
  {
    name: "admin.resetTwoFactor as user: FORBIDDEN",
    method: "POST",
    calls: [{ path: "admin.resetTwoFactor", input: { userId: MISSING_ID } }],
    token: "bob",
  },
  { name: "passkey.list by token: FORBIDDEN", method: "GET", calls: [{ path: "passkey.list" }], token: "alice" },
  {
    name: "passkey.registrationOptions by token: FORBIDDEN",
    method: "POST",
    calls: [{ path: "passkey.registrationOptions" }],
    token: "alice",
  },
  {
    name: "passkey.register by token: FORBIDDEN",
    method: "POST",
    calls: [{ path: "passkey.register", input: { name: "Key", response: {} } }],
    token: "alice",
  },
  {
    name: "passkey.rename by token: FORBIDDEN",
    method: "POST",
    calls: [{ path: "passkey.rename", input: { id: MISSING_ID, name: "Key" } }],
    token: "alice",
  },
  {
    name: "passkey.remove by token: FORBIDDEN",
    method: "POST",
    calls: [{ path: "passkey.remove", input: { id: MISSING_ID } }],
    token: "alice",
  },
  { name: "passkey.signInOptions anonymous", method: "POST", calls: [{ path: "passkey.signInOptions" }] },
  {
    name: "apiToken.create by token: FORBIDDEN",
    method: "POST",
    calls: [{ path: "apiToken.create", input: { name: "x", scope: "read", expiresInDays: 1 } }],
    token: "alice",
  },
  {
    name: "apiToken.revoke by token: FORBIDDEN",
    method: "POST",
    calls: [{ path: "apiToken.revoke", input: { id: MISSING_ID } }],
    token: "alice",
  },
  {
    name: "batch of mutations with a failure",
    method: "POST",
    calls: [
      { path: "account.updateProfile", input: { name: "Alice" } },
      { path: "account.updateProfile", input: { name: "" } },
    ],
    token: "alice",
  },
  // The protocol's own errors.
  { name: "unknown procedure", method: "GET", calls: [{ path: "account.nothing" }] },
  { name: "__proto__ as a path", method: "GET", calls: [{ path: "__proto__" }] },
  { name: "query by POST", method: "POST", calls: [{ path: "account.me" }] },
  {
    name: "mutation by GET",
    method: "GET",
    calls: [{ path: "account.updateProfile", input: { name: "Got" } }],
    token: "alice",
  },
  { name: "unparseable input", method: "GET", calls: [{ path: "account.checkPasswordReset" }], rawInput: "{not json" },
  {
    name: "unparseable body",
    method: "POST",
    calls: [{ path: "account.updateProfile" }],
    rawInput: "{not json",
    token: "alice",
  },
  {
    name: "batch input that is not an object",
    method: "GET",
    calls: [{ path: "account.checkPasswordReset" }],
    batch: true,
    rawInput: "[1]",
  },
  {
    name: "unknown token",
    method: "GET",
    calls: [{ path: "account.me" }],
    token: undefined,
    rawInput: undefined,
  },
  // Limits on the whole request, answered before any call runs.
  {
    name: "a batch at the cap",
    method: "GET",
    calls: Array.from({ length: MAX_BATCH_CALLS }, () => ({ path: "account.me" })),
    expect: { status: 200 },
  },
  {
    name: "a batch over the cap: 400, naming the cap",
    method: "GET",
    calls: Array.from({ length: 200 }, () => ({ path: "account.me" })),
    expect: {
      status: 400,
      body: { error: { message: `A batch may hold at most ${MAX_BATCH_CALLS} calls; this one holds 200` } },
    },
  },
  {
    name: "a batch of mutations over the cap: 400, the same on both paths",
    method: "POST",
    calls: Array.from({ length: MAX_BATCH_CALLS + 1 }, (_, i) => ({
      path: "account.updateProfile",
      input: { name: `Batched ${i}` },
    })),
    token: "alice",
    expect: { status: 400 },
  },
  {
    name: "a body over the limit: 413, not a reset connection",
    method: "POST",
    calls: [{ path: "account.updateProfile" }],
    rawInput: JSON.stringify("x".repeat(MAX_BODY_BYTES)),
    token: "alice",
    expect: { status: 413, body: { error: { message: `A body may have at most ${MAX_BODY_BYTES} bytes` } } },
  },
  // Headers that depend on who asks.
  {
    name: "an answer to credentials: private, no-store, with an ETag",
    method: "GET",
    calls: [{ path: "account.me" }],
    token: "alice",
    expect: { status: 200, cacheControl: "private, no-store", wwwAuthenticate: null, hasETag: true },
  },
  {
    name: "an anonymous read: public, no-cache, with an ETag",
    method: "GET",
    calls: [{ path: "account.me" }],
    expect: { status: 200, cacheControl: "public, no-cache", hasETag: true },
  },
  {
    name: "an anonymous batch of queries: public, no-cache, with an ETag",
    method: "GET",
    calls: [{ path: "account.me" }, { path: "account.me" }],
    expect: { status: 200, cacheControl: "public, no-cache", hasETag: true },
  },
  {
    name: "a batch with a failing call: no ETag",
    method: "GET",
    calls: [{ path: "account.me" }, { path: "account.profile" }],
    expect: { status: 207, hasETag: false },
  },
  // Personal answers to a browser session: the account's own details, and a new token's secret, shown once.
  {
    name: "account.profile from a session: private, no-store",
    method: "GET",
    calls: [{ path: "account.profile" }],
    session: true,
    expect: { status: 200, cacheControl: "private, no-store", hasETag: true },
  },
  {
    name: "apiToken.list from a session: private, no-store",
    method: "GET",
    calls: [{ path: "apiToken.list" }],
    session: true,
    expect: { status: 200, cacheControl: "private, no-store", hasETag: true },
  },
  {
    name: "apiToken.create from a session: its secret is private, no-store",
    method: "POST",
    calls: [{ path: "apiToken.create", input: { name: "Shown once", scope: "read", expiresInDays: 1 } }],
    session: true,
    expect: {
      status: 200,
      cacheControl: "private, no-store",
      hasETag: false,
      body: { result: { data: { secret: "<token>" } } },
    },
  },
  {
    name: "a mutation: no ETag",
    method: "POST",
    calls: [{ path: "account.updateProfile", input: { name: "Tagged?" } }],
    token: "bob",
    expect: { status: 200, cacheControl: "private, no-store", hasETag: false },
  },
  {
    name: "401 without credentials: a bearer challenge",
    method: "GET",
    calls: [{ path: "account.profile" }],
    expect: { status: 401, wwwAuthenticate: 'Bearer realm="trellis"', cacheControl: null, hasETag: false },
  },
  {
    name: "401 for a refused token: invalid_token, no-store",
    method: "GET",
    calls: [{ path: "account.me" }],
    token: "unknown",
    expect: {
      status: 401,
      wwwAuthenticate: 'Bearer realm="trellis", error="invalid_token"',
      cacheControl: "private, no-store",
    },
  },
];

/** The demo's procedures (posts, comments, likes, the export and the digest), on Alice's post and comment. */
const demoCases = (fx: Fixtures): Case[] => [
  { name: "post.list", method: "GET", calls: [{ path: "post.list", input: { limit: 5 } }] },
  { name: "post.list, bad cursor", method: "GET", calls: [{ path: "post.list", input: { cursor: "nope" } }] },
  { name: "post.byId", method: "GET", calls: [{ path: "post.byId", input: { id: fx.post } }], token: "bob" },
  { name: "post.byId invalid id", method: "GET", calls: [{ path: "post.byId", input: { id: "x" } }] },
  { name: "comment.list", method: "GET", calls: [{ path: "comment.list", input: { postId: fx.post } }] },
  { name: "comment.byId", method: "GET", calls: [{ path: "comment.byId", input: { id: fx.comment } }] },
  {
    name: "post.create",
    method: "POST",
    calls: [{ path: "post.create", input: { title: "T", body: "B" } }],
    token: "bob",
  },
  { name: "post.create invalid", method: "POST", calls: [{ path: "post.create", input: { title: "" } }], token: "bob" },
  { name: "post.create anonymous", method: "POST", calls: [{ path: "post.create", input: { title: "T", body: "B" } }] },
  {
    name: "post.create read-only token",
    method: "POST",
    calls: [{ path: "post.create", input: { title: "T", body: "B" } }],
    token: "aliceRead",
  },
  {
    name: "post.update by another: NOT_FOUND",
    method: "POST",
    calls: [{ path: "post.update", input: { id: fx.post, title: "T", body: "B" } }],
    token: "bob",
  },
  {
    name: "post.update",
    method: "POST",
    calls: [{ path: "post.update", input: { id: fx.post, title: "Edited", body: "B" } }],
    token: "alice",
  },
  {
    name: "comment.create",
    method: "POST",
    calls: [{ path: "comment.create", input: { postId: fx.post, body: "Hi" } }],
    token: "bob",
  },
  {
    name: "comment.update",
    method: "POST",
    calls: [{ path: "comment.update", input: { id: fx.comment, body: "Edited" } }],
    token: "alice",
  },
  { name: "like.add", method: "POST", calls: [{ path: "like.add", input: { postId: fx.post } }], token: "bob" },
  {
    name: "like.add again: CONFLICT",
    method: "POST",
    calls: [{ path: "like.add", input: { postId: fx.post } }],
    token: "bob",
  },
  { name: "like.remove", method: "POST", calls: [{ path: "like.remove", input: { postId: fx.post } }], token: "bob" },
  { name: "admin.jobs.sendDigests", method: "POST", calls: [{ path: "admin.jobs.sendDigests" }], token: "ada" },
  { name: "admin.exports.start", method: "POST", calls: [{ path: "admin.exports.start" }], token: "ada" },
  {
    name: "admin.exports.status unknown: NOT_FOUND",
    method: "GET",
    calls: [{ path: "admin.exports.status", input: { id: MISSING_ID } }],
    token: "ada",
  },
  {
    name: "admin.exports.download unknown: NOT_FOUND",
    method: "GET",
    calls: [{ path: "admin.exports.download", input: { id: MISSING_ID } }],
    token: "ada",
  },
  {
    name: "comment.delete",
    method: "POST",
    calls: [{ path: "comment.delete", input: { id: fx.comment } }],
    token: "alice",
  },
  { name: "post.delete", method: "POST", calls: [{ path: "post.delete", input: { id: fx.post } }], token: "alice" },
  {
    name: "post.delete again: NOT_FOUND",
    method: "POST",
    calls: [{ path: "post.delete", input: { id: fx.post } }],
    token: "alice",
  },
];

/** Run in this order: the mutations change each side's database the same way. */
const caseGroups = [
  runtimeCases,
  demoCases,
  // Each resource's group goes here (docs/adding-a-resource.md; pnpm gen resource).
];
const cases = (fx: Fixtures): Case[] => caseGroups.flatMap((group) => group(fx));

const [stock, lean] = [await side("stock"), await side("lean")];
const stockCases = cases(stock.fixtures);
const leanCases = cases(lean.fixtures);

describe("the lean tRPC handler answers exactly as the stock fetchRequestHandler", () => {
  it("covers every query and mutation of the router", () => {
    const covered = new Set(stockCases.flatMap((c) => c.calls.map((call) => call.path)));
    const procedures = listProcedures(appRouter)
      .filter(({ type }) => type !== "subscription")
      .map(({ path }) => path);
    const missing = procedures.filter((path) => !covered.has(path));
    expect(missing, "add a case calling each of these to `cases` in lean-handler.test.ts").toEqual([]);
  });

  // In order: the mutations change each side's database the same way.
  it.each(stockCases.map((c, i) => [c.name, i] as const))("%s", async (_, i) => {
    const [stockCase, leanCase] = [stockCases[i], leanCases[i]];
    if (!stockCase || !leanCase) throw new Error("no such case");
    const expected = await send(stock.url, stock.fixtures, stockCase);
    const actual = await send(lean.url, lean.fixtures, leanCase);
    expect(actual).toEqual(expected);
    if (stockCase.expect) expect(expected).toMatchObject(stockCase.expect);
  });
});

describe("a read's ETag answers 304 on both paths", () => {
  it.each([
    ["lean", lean],
    ["stock", stock],
  ] as const)("%s: anonymous and with a token, a single query and a batch", async (_, target) => {
    const single = "/api/trpc/account.me";
    const batch = `/api/trpc/account.me,account.me?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`;
    const token = { authorization: `Bearer ${target.fixtures.tokens.alice}` };
    for (const [path, credentials, cacheControl] of [
      [single, {}, "public, no-cache"],
      [batch, {}, "public, no-cache"],
      [single, token, "private, no-store"],
      [single, { cookie: "authjs.session-token=stale" }, "private, no-store"],
    ] as const) {
      const first = await fetch(`${target.url}${path}`, { headers: credentials });
      expect(first.status).toBe(200);
      const etag = first.headers.get("etag") ?? "";
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers.get("cache-control")).toBe(cacheControl);
      const again = await fetch(`${target.url}${path}`, { headers: { ...credentials, "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("cache-control")).toBe(cacheControl);
      const stale = await fetch(`${target.url}${path}`, { headers: { ...credentials, "if-none-match": 'W/"stale"' } });
      expect(stale.status).toBe(200);
    }
  });
});

describe("the lean handler compresses as Next does for the stock one", () => {
  it("gzips a read worth it for a client that accepts gzip, not for one that does not", async () => {
    // Alice's tokens, listed for her signed-in browser (TEST_SESSION): a read long enough to be worth it.
    for (let i = 0; i < 8; i++) {
      await lean.as.alice.apiToken.create({ name: `Token ${i} ${"x".repeat(40)}`, scope: "read", expiresInDays: 1 });
    }
    const tokens = `${lean.url}/api/trpc/apiToken.list`;
    const get = (acceptEncoding: string) =>
      new Promise<{ headers: IncomingMessage["headers"]; body: Buffer }>((resolve, reject) => {
        httpGet(tokens, { headers: { "accept-encoding": acceptEncoding, [TEST_SESSION]: "alice" } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on("error", reject);
      });
    const [plain, gzipped] = [await get("identity"), await get("gzip, deflate, br")];
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers.vary).toBe("trpc-accept, accept, cookie, authorization, accept-encoding");
    expect(Number(gzipped.headers["content-length"])).toBe(gzipped.body.byteLength);
    expect(gunzipSync(gzipped.body).toString()).toBe(plain.body.toString());
  });
});

describe("what the lean handler leaves to the stock one", () => {
  // The demo's live feed holds the router's only subscriptions.
  it("a subscription", async () => {
    expect((await fetch(`${lean.url}/api/trpc/post.onCreated`)).status).toBe(599);
  });

  it.each([
    ["a streamed batch", "/api/trpc/account.me?batch=1&input=%7B%7D", { "trpc-accept": "application/jsonl" }],
    ["another endpoint", "/api/v1/me", {}],
    ["a malformed %-escape in the path", "/api/trpc/account.me%E0%A4%A", {}],
  ])("%s", async (_, path, headers) => {
    expect((await fetch(`${lean.url}${path}`, { headers })).status).toBe(599);
  });
});

describe("a body over the limit, sent in chunks without a Content-Length", () => {
  /** 200 kB in 10 kB chunks: the handler cannot know its size before reading past the limit. */
  const chunked = () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("x".repeat(10_000)));
        controller.close();
      },
    });

  it.each([
    ["lean", lean],
    ["stock", stock],
  ] as const)("%s: 413, as a tRPC error, rather than a reset connection", async (_, target) => {
    // Node's fetch streams a body only when told to (`duplex`, which the DOM's RequestInit does not list yet).
    const init: RequestInit & { duplex: "half" } = {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${target.fixtures.tokens.alice}` },
      body: chunked(),
      duplex: "half",
    };
    const response = await fetch(`${target.url}/api/trpc/account.updateProfile`, init);
    expect(response.status).toBe(413);
    const body = decode(await response.text());
    expect(body).toMatchObject({ error: { message: `A body may have at most ${MAX_BODY_BYTES} bytes` } });
  });
});
