import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { setupRestTest } from "../rest/rest-test-utils";
import { setupRouterTest } from "../test-utils";
import type { Viewer } from "../trpc";
import { RateLimitedError } from "./errors";
import type { LimitName } from "./limits";

/**
 * The limits procedures enforce, through the same callers the HTTP adapters
 * use, at small sizes so a test reaches them. (That every adapter turns the
 * refusal into 429 with Retry-After: the lean/stock differential test, and
 * REST below.)
 */
const HOUR = 3600;
const { as, callerFor, testDb, alice } = await setupRouterTest({
  limits: {
    signUpsPerIp: { points: 2, durationSeconds: HOUR },
    passwordResetsPerIp: { points: 3, durationSeconds: HOUR },
    passwordResetEmailsPerAddress: { points: 2, durationSeconds: HOUR },
    mutationsPerUser: { points: 4, durationSeconds: 60 },
    apiTokenRequestsPerUser: { points: 5, durationSeconds: 60 },
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

describe("writes by a signed-in user", () => {
  it("are limited per user; reads go on, and other users are not affected", async () => {
    const { id, name, role } = await testDb.data.users.create({ email: "busy@example.com", name: "Busy" });
    const busy = callerFor({ id, name, role, via: "session" });
    for (let i = 0; i < 4; i++) await busy.post.create({ title: `Post ${i}`, body: "…" });
    await expectRateLimited(
      busy.post.create({ title: "One too many", body: "…" }),
      "mutationsPerUser",
      60,
      /^Too many changes in a short time\. Try again in 1 minute\.$/,
    );
    await expect(busy.post.list({ limit: 1 })).resolves.toMatchObject({ items: expect.any(Array) });
    await expect(as.bob.post.create({ title: "Bob's", body: "…" })).resolves.toMatchObject({ title: "Bob's" });
  });
});

describe("calls with API tokens", () => {
  it("are limited per user across all their tokens, queries too; the browser session is not", async () => {
    const viaToken = (via: Viewer["via"]) => callerFor({ ...alice, via });
    for (let i = 0; i < 3; i++) await viaToken("read-token").post.list({ limit: 1 });
    for (let i = 0; i < 2; i++) await viaToken("read-write-token").account.me();
    await expectRateLimited(
      viaToken("read-token").post.list({ limit: 1 }),
      "apiTokenRequestsPerUser",
      60,
      /^Too many requests with your API tokens\. Try again in 1 minute\.$/,
    );
    await expect(as.alice.account.me()).resolves.toMatchObject({ id: alice.id });
  });
});

describe("over REST", () => {
  it("a rate-limited call is a 429 problem with Retry-After", async () => {
    const api = await setupRestTest({ limits: { apiTokenRequestsPerUser: { points: 1, durationSeconds: 60 } } });
    expect((await api.request("GET", "/posts?limit=1", { token: api.tokens.bob })).status).toBe(200);

    const refused = await api.request("GET", "/posts?limit=1", { token: api.tokens.bob });
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

    // Other errors carry no Retry-After.
    const missing = await api.request("GET", "/posts/0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("retry-after")).toBeNull();
  });
});
