import { createServer } from "node:http";
import { type Access, appRouter, createContext } from "@trellis/api";
import { listProcedures } from "@trellis/api/procedures";
import { type LimitName, RATE_LIMITS } from "@trellis/api/rate-limit";
import {
  type Family,
  hostileInputs,
  hugeStrings,
  MISSING_ID,
  payloadInputs,
  setupRouterTest,
  silentLogger,
  type Targets,
  TEST_IP,
} from "@trellis/api/testing";
import { transformer } from "@trellis/api/transformer";

import { authenticateRequest } from "@trellis/auth";
import { snapshotTables } from "@trellis/db/testing";
import { encodeCursor } from "@trellis/validators";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeanHandler, headersOf } from "./http/lean-handler";
import { MAX_BODY_BYTES } from "./http/limits";

/**
 * Hostile input, to every procedure the router has (listed from `appRouter`,
 * so a new one is covered the day it is added): random values, the right keys
 * with the wrong types, huge strings, unicode oddities, `__proto__` keys, SQL
 * and script payloads, odd numbers. Whatever comes in, a call either succeeds
 * or fails with an expected TRPCError — never INTERNAL_SERVER_ERROR — and a
 * refused call writes nothing and pollutes no prototype.
 *
 * Runs are random but bounded; a failure prints fast-check's seed, and
 * HOSTILE_SEED=<seed> replays it. HOSTILE_RUNS=<n> multiplies the runs, to
 * search longer by hand.
 */

// Limits would refuse most calls before their input is even read: here they never bite.
const unlimited: Partial<Record<LimitName, { points: number; durationSeconds: number }>> = Object.fromEntries(
  Object.keys(RATE_LIMITS).map((name) => [name, { points: 1_000_000_000, durationSeconds: 3600 }]),
);
const { testDb, as, alice, bob, ada, jobs, events, rateLimits } = await setupRouterTest({ limits: unlimited });

const seed = process.env.HOSTILE_SEED ? Number(process.env.HOSTILE_SEED) : undefined;
const scale = Number(process.env.HOSTILE_RUNS ?? 1);
/**
 * Random runs per procedure, caller and family (beside every named payload in
 * every field, each once): enough to meet every kind of value, few enough for
 * < 60 s on PGlite. A procedure that declares no input ignores what it is
 * sent, so it gets a quarter.
 */
const runs: Record<Family, number> = {
  "random values": 10,
  "wrong types": 10,
  "hostile strings": 15,
  "huge strings": 3,
  "prototype keys": 8,
  "odd numbers": 8,
};

// ---------------------------------------------------------------- targets

// Real things to aim at, so some calls get past "not found" to the checks behind it.
const alicePost = await as.alice.post.create({ title: "Alice's post", body: "To aim at." });
const aliceComment = await as.alice.comment.create({ postId: alicePost.id, body: "Alice's comment" });
const bobPost = await as.bob.post.create({ title: "Bob's post", body: "To aim at." });
const aliceToken = await as.alice.apiToken.create({ name: "A target", scope: "read", expiresInDays: null });
const targetIds = {
  post: [alicePost.id, bobPost.id, MISSING_ID],
  comment: [aliceComment.id, MISSING_ID],
  user: [bob.id, alice.id, ada.id, MISSING_ID],
  apiToken: [aliceToken.token.id, MISSING_ID],
};

/** A cursor of the admin's list of users, which pages by when each account was made. */
async function userCursor(id: string): Promise<string> {
  const user = await testDb.data.users.byId(id);
  if (!user) throw new Error(`No user ${id} to aim at`);
  return encodeCursor(user);
}
const cursors = [await userCursor(alice.id), await userCursor(bob.id), encodeCursor(alicePost), encodeCursor(bobPost)];
const targets: Targets = { ids: targetIds, cursors };

/**
 * Puts back what a successful hostile call may have changed — a deleted post
 * or comment (with its id), a role — so later runs still find their targets.
 */
async function restoreTargets() {
  const { data } = testDb;
  const posts = [];
  for (const { id, title, body, createdAt, updatedAt, author } of [alicePost, bobPost]) {
    if (!(await data.posts.exists(id))) posts.push({ id, title, body, createdAt, updatedAt, authorId: author.id });
  }
  const comments = [];
  if (!(await data.comments.byId(aliceComment.id))) {
    const { id, postId, body, createdAt, author } = aliceComment;
    comments.push({ id, postId, body, createdAt, updatedAt: createdAt, authorId: author.id });
  }
  if (posts.length > 0 || comments.length > 0) {
    await testDb.insertSeed({ users: [], accounts: [], posts, comments, likes: [] });
  }
  for (const user of [alice, bob]) {
    if ((await data.users.byId(user.id))?.role !== "user") await data.users.setRole({ id: user.id, role: "user" });
  }
}

// ---------------------------------------------------------------- calling

type Caller = typeof as.alice;
const callers: Record<Access, { name: string; caller: Caller }[]> = {
  public: [
    { name: "anonymous", caller: as.anonymous },
    { name: "alice", caller: as.alice },
  ],
  user: [{ name: "alice", caller: as.alice }],
  // Alice in her browser session: account management refuses any token.
  session: [{ name: "alice", caller: as.alice }],
  // Alice owns the targets; Ada the admin may act on anyone's.
  owner: [
    { name: "alice", caller: as.alice },
    { name: "ada", caller: as.ada },
  ],
  admin: [{ name: "ada", caller: as.ada }],
};

const accessKinds = Object.keys(callers) as Access[];
const accessOf = (meta: unknown): Access | undefined => {
  const access: unknown = meta && typeof meta === "object" ? Reflect.get(meta, "access") : undefined;
  return accessKinds.find((kind) => kind === access);
};

/** Calls a procedure by its dotted path; a subscription that starts is closed at once (only its input matters here). */
async function call(caller: Caller, path: string, input: unknown): Promise<void> {
  let target: unknown = caller;
  for (const key of path.split(".")) {
    target = typeof target === "function" || typeof target === "object" ? Reflect.get(target ?? {}, key) : undefined;
  }
  if (typeof target !== "function") throw new Error(`No procedure at ${path}`);
  const result: unknown = await target(input);
  if (result && typeof result === "object" && Symbol.asyncIterator in result) {
    const iterable = result as AsyncIterable<unknown>;
    await iterable[Symbol.asyncIterator]().return?.();
  }
}

/** An input as a failure report shows it: strings past 200 characters cut, with their length. */
function describeInput(input: unknown): string {
  const shown = fc.stringify(input);
  return shown.replace(/"(?:[^"\\]|\\.){200,}?"/g, (text) => `${text.slice(0, 60)}…" (${text.length} chars)`);
}

class Sample {
  constructor(readonly input: unknown) {}
  [fc.toStringMethod]() {
    return describeInput(this.input);
  }
}

const prototypeNames = () => ({
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  function: Object.getOwnPropertyNames(Function.prototype).sort(),
});
const pristinePrototypes = prototypeNames();

function expectNoPollution() {
  expect(prototypeNames()).toEqual(pristinePrototypes);
  const empty = {};
  for (const key of ["polluted", "role", "isAdmin"]) expect(key in empty, `Object.prototype.${key}`).toBe(false);
}

/** The tables whose rows differ from `snapshot`'s. */
async function changedTables(snapshot: Record<string, string>): Promise<string[]> {
  const now = await snapshotTables(testDb);
  return [...new Set([...Object.keys(now), ...Object.keys(snapshot)])].filter(
    (table) => now[table] !== snapshot[table],
  );
}

/**
 * One hostile call: it succeeds, or fails with an expected TRPCError; if it
 * fails, the database is as it was. `before` is the tables' snapshot from
 * before the call, kept up to date across calls.
 */
let before: Record<string, string> = {};
async function hostileCall(caller: Caller, path: string, type: string, input: unknown) {
  let outcome: "ok" | TRPCError;
  try {
    await call(caller, path, input);
    outcome = "ok";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw new Error(`${path} threw a non-tRPC error`, { cause: error });
    outcome = error;
  }
  expectNoPollution();
  if (outcome === "ok") {
    if (type === "mutation") {
      await restoreTargets();
      before = await snapshotTables(testDb);
    }
    return;
  }
  if (outcome.code === "INTERNAL_SERVER_ERROR") {
    throw new Error(`${path} answered INTERNAL_SERVER_ERROR: ${String(outcome.cause ?? outcome.message)}`, {
      cause: outcome,
    });
  }
  expect(await changedTables(before), `${path} refused (${outcome.code}) but wrote to`).toEqual([]);
}

// ---------------------------------------------------------------- the walk

const procedures = listProcedures(appRouter).map((procedure) => ({
  ...procedure,
  access: accessOf(procedure.meta),
}));
const cases = procedures.flatMap(({ path, type, access, inputKeys }) =>
  (access ? callers[access] : []).map(({ name, caller }) => ({ path, type, who: name, caller, inputKeys })),
);

describe("hostile input to every procedure", () => {
  it("reaches every procedure the router has, as someone allowed to call it", () => {
    expect(procedures.length).toBeGreaterThan(10);
    const reached = new Set(cases.map((c) => c.path));
    expect(procedures.map((p) => p.path).filter((path) => !reached.has(path))).toEqual([]);
  });

  it.each(cases)(
    "$path as $who: succeeds or fails as expected, writes nothing when refused",
    async ({ path, type, caller, inputKeys }) => {
      before = await snapshotTables(testDb);
      for (const input of payloadInputs(path, inputKeys, targets)) await hostileCall(caller, path, type, input);
      for (const [family, arbitrary] of Object.entries(hostileInputs(path, inputKeys, targets))) {
        await fc.assert(
          fc.asyncProperty(
            arbitrary.map((input) => new Sample(input)),
            ({ input }) => hostileCall(caller, path, type, input),
          ),
          { numRuns: Math.max(1, Math.round(runs[family as Family] * scale * (inputKeys.length ? 1 : 0.25))), seed },
        );
      }
    },
    120_000,
  );
});

// ---------------------------------------------------------------- over HTTP

/**
 * Bodies no client of ours sends, raw to the lean handler the production
 * server answers tRPC with: whatever they are, the answer is a 4xx, never a
 * 500, and a refused one writes nothing.
 */
const lean = createLeanHandler({
  router: appRouter,
  endpoint: "/api/trpc",
  createContext: async (req) => {
    const auth = await authenticateRequest(testDb.data, headersOf(req), { secret: "test", secureCookies: false });
    return createContext({
      data: testDb.data,
      ...auth,
      jobs,
      events,
      appUrl: "http://trellis.test",
      ip: TEST_IP,
      rateLimits,
      log: silentLogger,
    });
  },
});
const server = createServer(async (req, res) => {
  if (!(await lean(req, res))) res.writeHead(404).end("left to the stock handler");
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const address = server.address();
const base = `http://127.0.0.1:${address && typeof address === "object" ? address.port : 0}/api/trpc`;

// Bob's token: no hostile call above aims at it (Alice's walk cannot revoke Bob's tokens).
const { secret: bobSecret } = await as.bob.apiToken.create({ name: "HTTP", scope: "read-write", expiresInDays: null });
const asBob = { "content-type": "application/json", authorization: `Bearer ${bobSecret}` };

describe("hostile bodies over HTTP, to the lean handler", () => {
  // A token records when it was last used, at most once a minute: use it once first, so that write is out of the way.
  beforeAll(async () => {
    expect((await fetch(`${base}/account.me`, { headers: asBob })).status).toBe(200);
  });

  const wire = (input: unknown) => JSON.stringify(transformer.input.serialize(input));
  const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  // Just under the handler's limit (MAX_BODY_BYTES), so it is parsed; one over is refused unread (below).
  const nearlyTheLimit = JSON.stringify(`[${JSON.stringify("x".repeat(MAX_BODY_BYTES - 1_000))}]`);

  const bodies: { name: string; path: string; body: string }[] = [
    { name: "not JSON", path: "account.updateProfile", body: "{" },
    { name: "plain JSON, not devalue", path: "account.updateProfile", body: '{"name":"Hi"}' },
    { name: "a devalue string that is not devalue", path: "account.updateProfile", body: JSON.stringify("[1,2") },
    { name: "devalue pointing past its end", path: "account.updateProfile", body: JSON.stringify('[{"name":5}]') },
    { name: "devalue with a negative index", path: "account.updateProfile", body: JSON.stringify('[{"name":-7}]') },
    {
      name: "devalue with __proto__",
      path: "account.updateProfile",
      body: JSON.stringify('[{"__proto__":1,"name":2},{"polluted":2},"yes"]'),
    },
    {
      name: "devalue of an unknown type",
      path: "account.updateProfile",
      body: JSON.stringify('[["Function","return 1"]]'),
    },
    { name: "devalue nested 10,000 deep", path: "account.updateProfile", body: JSON.stringify(deep(10_000)) },
    { name: "JSON nested 100,000 deep", path: "account.updateProfile", body: deep(100_000) },
    { name: "a string of nearly the body limit", path: "account.updateProfile", body: nearlyTheLimit },
    {
      name: "odd values through devalue",
      path: "account.updateProfile",
      body: wire({ name: Number.NaN, email: new Map() }),
    },
    { name: "a BigInt for a token", path: "account.checkPasswordReset", body: wire({ token: 10n }) },
    { name: "a Date for a name", path: "account.updateProfile", body: wire({ name: new Date(0) }) },
    {
      name: "SQL in an email",
      path: "account.requestPasswordReset",
      body: wire({ email: "'; DROP TABLE users; --" }),
    },
    {
      name: "a batch whose input is an array",
      path: "account.updateProfile,account.updateProfile?batch=1",
      body: "[1,2]",
    },
    {
      name: "a batch with hostile members",
      path: "account.updateProfile,account.requestPasswordReset?batch=1",
      body: '{"0":5,"1":"[{}]"}',
    },
    { name: "no procedure: __proto__", path: "__proto__", body: wire({}) },
    { name: "no procedure: constructor", path: "constructor", body: wire({}) },
    { name: "no procedure: a method of Object", path: "account.hasOwnProperty", body: wire({}) },
    { name: "a NUL in the path", path: "account.updateProfile%00", body: wire({ name: "T" }) },
    { name: "a query sent as POST", path: "account.checkPasswordReset", body: wire({}) },
  ];

  it.each(bodies)("$name: a 4xx, nothing written", async ({ path, body }) => {
    const snapshot = await snapshotTables(testDb);
    const response = await fetch(`${base}/${path}`, {
      method: "POST",
      headers: asBob,
      body,
    });
    const text = await response.text();
    expect(response.status, text).toBeGreaterThanOrEqual(400);
    expect(response.status, text).toBeLessThan(500);
    expect(response.status, "the token was refused: the body was never judged").not.toBe(401);
    expect(await changedTables(snapshot)).toEqual([]);
    expectNoPollution();
  });

  it("a query's hostile input in the URL is a 4xx too", async () => {
    // Node refuses a request head over 16 KiB itself (431), before any handler: 8 KB reaches the handler.
    for (const input of ["{", '"[1,2"', JSON.stringify(`[{"token":1},${JSON.stringify("x".repeat(8_000))}]`)]) {
      const response = await fetch(`${base}/account.checkPasswordReset?input=${encodeURIComponent(input)}`);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });

  it("a body over the limit is refused unread: a 413, never the connection cut, never a 500", async () => {
    const status = await fetch(`${base}/account.updateProfile`, {
      method: "POST",
      headers: asBob,
      body: JSON.stringify(`[${JSON.stringify(hugeStrings[0])}]`),
    }).then(
      (response) => response.status,
      () => "connection cut",
    );
    expect(status).toBe(413);
  });
});
