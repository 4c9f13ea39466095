import { createServer } from "node:http";
import { appRouter, createContext, type Viewer } from "@trellis/api";
import { type LimitName, RateLimitedError } from "@trellis/api/rate-limit";
import { setupRouterTest, silentLogger } from "@trellis/api/testing";
import { transformer } from "@trellis/api/transformer";

import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { createLeanHandler } from "../http/lean-handler";
import { httpResponseMeta } from "../http/response-meta";
import { setupRestTest } from "../testing";

/**
 * The limits procedures enforce, through the same callers the HTTP adapters
 * use, at small sizes so a test reaches them. (That every adapter turns the
 * refusal into 429 with Retry-After: the lean/stock differential test, and
 * REST below.)
 */
const HOUR = 3600;
const { as, callerFor, testDb, alice, jobs, events, rateLimits } = await setupRouterTest({
  limits: {
    signUpsPerIp: { points: 2, durationSeconds: HOUR },
    passwordResetsPerIp: { points: 3, durationSeconds: HOUR },
    passwordResetEmailsPerAddress: { points: 2, durationSeconds: HOUR },
    passwordResetChecksPerIp: { points: 2, durationSeconds: HOUR },
    mutationsPerUser: { points: 4, durationSeconds: 60 },
    apiTokenRequestsPerUser: { points: 5, durationSeconds: 60 },
    anonymousReadsPerIp: { points: 3, durationSeconds: 60 },
  },
});

/** Expects TOO_MANY_REQUESTS from `limit`, with how long to wait (at most `window` seconds) in its cause. */
async function expectRateLimited(call: Promise<unknown>, limit: LimitName, window: number, message: RegExp) {
  const error = await call.then(
    () => null,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof TRPCError)) throw new Error(`Expected TOO_MANY_REQUESTS, got ${String(error)}`);
  expect(error.code).toBe("TOO_MANY_REQUESTS");
  expect(error.message).toMatch(message);
  const cause = error.cause;
  if (!(cause instanceof RateLimitedError)) throw new Error(`Expected a RateLimitedError cause, got ${String(cause)}`);
  expect(cause.limit).toBe(limit);
  expect(cause.retryAfterSeconds).toBeGreaterThan(window - 60);
  expect(cause.retryAfterSeconds).toBeLessThanOrEqual(window);
}

const person = (n: number) => ({ name: `Person ${n}`, email: `person${n}@example.com`, password: "a long password" });

describe("sign-ups", () => {
  it("are limited per address: the third from one address is TOO_MANY_REQUESTS and creates nobody", async () => {
    const from = callerFor(null, null, "198.51.100.1");
    await from.account.signUp(person(1));
    // A taken email (CONFLICT) counts too: each answer says whether an email has an account.
    await expect(from.account.signUp(person(1))).rejects.toMatchObject({ code: "CONFLICT" });
    await expectRateLimited(
      from.account.signUp(person(2)),
      "signUpsPerIp",
      HOUR,
      /^Too many sign-ups from your network\. Try again in 60 minutes\.$/,
    );
    expect(await testDb.data.users.byEmail("person2@example.com")).toBeUndefined();

    await callerFor(null, null, "198.51.100.2").account.signUp(person(2));
  });

  it("do not count input the schema refused: nothing was attempted", async () => {
    const from = callerFor(null, null, "198.51.100.3");
    for (let i = 0; i < 5; i++) {
      await expect(from.account.signUp({ name: "", email: "nope", password: "short" })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    }
    await from.account.signUp(person(3));
  });

  it("from an address that cannot be known are not counted per address", async () => {
    const unknown = callerFor(null, null, null);
    for (const n of [4, 5, 6]) await unknown.account.signUp(person(n));
  });
});

describe("password resets", () => {
  it("send at most two emails an hour to one address, whether or not it has an account", async () => {
    for (const email of ["alice@example.com", "nobody@example.com"]) {
      await callerFor(null, null, "198.51.100.10").account.requestPasswordReset({ email });
      await callerFor(null, null, "198.51.100.11").account.requestPasswordReset({ email });
      await expectRateLimited(
        callerFor(null, null, "198.51.100.12").account.requestPasswordReset({ email }),
        "passwordResetEmailsPerAddress",
        HOUR,
        /^Too many reset emails for this address\. Try again in 60 minutes\.$/,
      );
    }
  });

  it("are limited per address, requests and redemptions together", async () => {
    const from = callerFor(null, null, "198.51.100.20");
    await from.account.requestPasswordReset({ email: "a@example.com" });
    await from.account.requestPasswordReset({ email: "b@example.com" });
    await expect(
      from.account.resetPassword({ token: "x".repeat(43), password: "long enough pass" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const message = /^Too many password resets from your network\. Try again in 60 minutes\.$/;
    await expectRateLimited(
      from.account.requestPasswordReset({ email: "c@example.com" }),
      "passwordResetsPerIp",
      HOUR,
      message,
    );
    await expectRateLimited(
      from.account.resetPassword({ token: "x".repeat(43), password: "long enough pass" }),
      "passwordResetsPerIp",
      HOUR,
      message,
    );
  });
});

describe("checks of a reset link", () => {
  it("are limited per address, apart from requests and redemptions", async () => {
    const from = callerFor(null, null, "198.51.100.21");
    const token = "x".repeat(43);
    expect(await from.account.checkPasswordReset({ token })).toEqual({ valid: false });
    expect(await from.account.checkPasswordReset({ token: "made up" })).toEqual({ valid: false });
    await expectRateLimited(
      from.account.checkPasswordReset({ token }),
      "passwordResetChecksPerIp",
      HOUR,
      /^Too many password reset links opened from your network\. Try again in 60 minutes\.$/,
    );
    // The redemptions' budget is untouched: the link can still be spent.
    await expect(from.account.resetPassword({ token, password: "long enough pass" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("writes by a signed-in user", () => {
  it("are limited per user; reads go on, and other users are not affected", async () => {
    const { id, name, role } = await testDb.data.users.create({ email: "busy@example.com", name: "Busy" });
    const busy = callerFor({ id, name, role, via: "session" });
    for (let i = 0; i < 4; i++) await busy.account.updateProfile({ name: `Busy ${i}` });
    await expectRateLimited(
      busy.account.updateProfile({ name: "One too many" }),
      "mutationsPerUser",
      60,
      /^Too many changes in a short time\. Try again in 1 minute\.$/,
    );
    await expect(busy.account.profile()).resolves.toMatchObject({ id, name: "Busy 3" });
    await expect(as.bob.account.updateProfile({ name: "Bob's" })).resolves.toMatchObject({ name: "Bob's" });
  });
});

describe("calls with API tokens", () => {
  it("are limited per user across all their tokens, queries too; the browser session is not", async () => {
    const viaToken = (via: Viewer["via"]) => callerFor({ ...alice, via });
    for (let i = 0; i < 3; i++) await viaToken("read-token").account.profile();
    for (let i = 0; i < 2; i++) await viaToken("read-write-token").account.me();
    await expectRateLimited(
      viaToken("read-token").account.profile(),
      "apiTokenRequestsPerUser",
      60,
      /^Too many requests with your API tokens\. Try again in 1 minute\.$/,
    );
    await expect(as.alice.account.me()).resolves.toMatchObject({ id: alice.id });
  });
});

describe("reads by anonymous callers", () => {
  const tooMany = /^Too many requests from your network\. Try again in 1 minute\.$/;

  it("are limited per address; signed-in readers, other addresses and unknown ones are not", async () => {
    const from = callerFor(null, null, "198.51.100.30");
    for (let i = 0; i < 3; i++) await from.account.me();
    // Every query counts, whichever: a reset link's check is refused by this limit before its own.
    await expectRateLimited(
      from.account.checkPasswordReset({ token: "x".repeat(43) }),
      "anonymousReadsPerIp",
      60,
      tooMany,
    );
    await expectRateLimited(from.account.me(), "anonymousReadsPerIp", 60, tooMany);

    await expect(callerFor(null, null, "198.51.100.31").account.me()).resolves.toBeNull();
    await expect(callerFor(alice, null, "198.51.100.30").account.me()).resolves.toMatchObject({ id: alice.id });
    for (let i = 0; i < 5; i++) await callerFor(null, null, null).account.me();
  });

  it("count each call of a batch, over HTTP: the calls past the limit are 429s, with Retry-After", async () => {
    const lean = createLeanHandler({
      router: appRouter,
      endpoint: "/api/trpc",
      createContext: async () =>
        createContext({
          data: testDb.data,
          viewer: null,
          jobs,
          events,
          appUrl: "",
          ip: "198.51.100.32",
          rateLimits,
          log: silentLogger,
        }),
      responseMeta: httpResponseMeta,
    });
    const server = createServer((req, res) => void lean(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const address = server.address();
      const port = address && typeof address === "object" ? address.port : 0;
      const paths = Array.from({ length: 5 }, () => "account.me").join(",");
      const response = await fetch(`http://127.0.0.1:${port}/api/trpc/${paths}?batch=1`);
      expect(response.status).toBe(207);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      const calls: { error?: unknown }[] = await response.json();
      const limited = { data: { code: "TOO_MANY_REQUESTS" } };
      expect(calls.map((call) => (call.error ? transformer.output.deserialize(call.error) : "ok"))).toMatchObject([
        "ok",
        "ok",
        "ok",
        limited,
        limited,
      ]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("over REST", () => {
  it("a rate-limited call is a 429 problem with Retry-After", async () => {
    const api = await setupRestTest({ limits: { apiTokenRequestsPerUser: { points: 1, durationSeconds: 60 } } });
    expect((await api.request("GET", "/me", { token: api.tokens.bob })).status).toBe(200);

    const refused = await api.request("GET", "/me", { token: api.tokens.bob });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({
      type: "about:blank",
      title: "Too Many Requests",
      status: 429,
      code: "TOO_MANY_REQUESTS",
      detail: "Too many requests with your API tokens. Try again in 1 minute.",
    });

    // Anonymous reads, per address.
    const anonymous = await setupRestTest({ limits: { anonymousReadsPerIp: { points: 1, durationSeconds: 60 } } });
    expect((await anonymous.request("GET", "/me")).status).toBe(200);
    const read = await anonymous.request("GET", "/me");
    expect(read.status).toBe(429);
    expect(Number(read.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await read.json()).toMatchObject({ code: "TOO_MANY_REQUESTS", detail: expect.stringMatching(/network/) });

    // Other errors carry no Retry-After.
    const missing = await api.request("GET", "/nowhere/0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("retry-after")).toBeNull();
  });
});
