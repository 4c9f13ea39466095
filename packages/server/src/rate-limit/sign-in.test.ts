import { setTimeout as sleep } from "node:timers/promises";
import { createMemoryRateLimits, type RateLimitOptions, type RateLimits } from "@trellis/api/rate-limit";

import { hashPassword, registerPasskey, registrationOptions, relyingParty, signInOptions } from "@trellis/auth";
import { type Auth, createAuth } from "@trellis/auth/next";
import { createSoftwareAuthenticator } from "@trellis/auth/testing/software-authenticator";
import { createTestDatabase } from "@trellis/db/testing";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "../log";
import { createRedisRateLimits } from "./redis-limits";
import { limitCredentialsSignIn, signInGuard } from "./sign-in";

/**
 * Brute force against the real Auth.js sign-in (the handlers the app mounts at
 * /api/auth), with its rate limits inside and the route's wrapper in front,
 * over a real database: wrong passwords are counted per account and per
 * address, right ones are not.
 */
const database = await createTestDatabase();
afterAll(() => database.close());
/** Where a test says which address an attempt comes from (the app reads its own trusted header). */
const TEST_IP_HEADER = "x-test-client-ip";
const auths = new Map<RateLimits, Auth>();
/** Auth.js as the app wires it (apps/web/src/server/auth.ts), counting in `rateLimits`. */
function authFor(rateLimits: RateLimits): Auth {
  let auth = auths.get(rateLimits);
  if (!auth) {
    auth = createAuth({
      data: async () => database.data,
      secret: "test-secret-test-secret-test-secret",
      secureCookies: false,
      appUrl: "http://trellis.test",
      signInGuard: signInGuard({ rateLimits: async () => rateLimits, clientIp: (h) => h.get(TEST_IP_HEADER) }),
      log: logger(),
    });
    auths.set(rateLimits, auth);
  }
  return auth;
}
const auth = authFor(createMemoryRateLimits());
const PASSWORD = "the right password";
const passwordHash = await hashPassword(PASSWORD);

let accounts = 0;
/** A fresh account, so each test starts with nothing counted against it. */
async function newAccount(): Promise<string> {
  const email = `person${++accounts}@example.com`;
  await database.data.accounts.signUp({ email, name: `Person ${accounts}`, passwordHash });
  return email;
}

const origin = "http://trellis.test";
/** Auth.js's CSRF token and the cookie it goes with, as the browser client fetches them first. */
async function csrf(): Promise<{ csrfToken: string; cookie: string }> {
  const response = await auth.handlers.GET(new Request(`${origin}/api/auth/csrf`) as never);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    csrfToken,
    cookie: response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
}
const token = await csrf();

interface Attempt {
  email: string;
  password: string;
  ip: string | null;
  rateLimits: RateLimits;
  /** Leave the CSRF token out: Auth.js then checks no password. */
  withoutCsrf?: boolean;
}

/** One POST to the credentials callback, as next-auth/react's signIn() sends it. */
function signIn({ email, password, ip, rateLimits, withoutCsrf }: Attempt): Promise<Response> {
  const request = new Request(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-auth-return-redirect": "1",
      cookie: token.cookie,
      ...(ip === null ? {} : { [TEST_IP_HEADER]: ip }),
    },
    body: new URLSearchParams({
      email,
      password,
      callbackUrl: "/",
      ...(withoutCsrf ? {} : { csrfToken: token.csrfToken }),
    }),
  });
  return limitCredentialsSignIn(request, (req) => authFor(rateLimits).handlers.POST(req as never));
}

type Outcome = "signed in" | "wrong" | "429" | "refused by the guard" | "no password checked";
async function outcome(response: Response): Promise<Outcome> {
  if (response.status === 429) return "429";
  const { url } = (await response.json()) as { url: string };
  const params = new URL(url).searchParams;
  const error = params.get("error");
  // Auth.js's own code for a password that did not match; the guard's refusal has another (the route makes it a 429).
  if (error === "CredentialsSignin") return params.get("code") === "credentials" ? "wrong" : "refused by the guard";
  if (error) return "no password checked";
  expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith("authjs.session-token="))).toBe(true);
  return "signed in";
}
const attempt = async (a: Attempt) => outcome(await signIn(a));
const repeat = async (times: number, a: Attempt) => {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < times; i++) outcomes.push(await attempt(a));
  return outcomes;
};

/** A credentials POST with a body of the caller's making: what an attacker sends, not what a browser does. */
function post(
  body: string,
  contentType: string,
  { ip, rateLimits }: { ip: string | null; rateLimits: RateLimits },
): Promise<Response> {
  return limitCredentialsSignIn(credentialsPost(body, contentType, ip), (req) =>
    authFor(rateLimits).handlers.POST(req as never),
  );
}
function credentialsPost(body: string, contentType: string, ip: string | null): Request {
  return new Request(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-auth-return-redirect": "1",
      cookie: token.cookie,
      ...(ip === null ? {} : { [TEST_IP_HEADER]: ip }),
    },
    body,
  });
}
const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();

const redisUrl = process.env.REDIS_URL;
const opened: RateLimits[] = [];
afterAll(() => Promise.all(opened.map((rateLimits) => rateLimits.close())));
afterEach(() => {
  vi.useRealTimers();
});

/** Fewer failures per address than in production, so spraying is quick to show; per account, the real five. */
const sizes = (durationSeconds: number): RateLimitOptions["limits"] => ({
  signInFailuresPerAccount: { points: 5, durationSeconds },
  signInFailuresPerIp: { points: 8, durationSeconds },
});

/**
 * The limits two instances of the app use — the same in-process ones, or two
 * Redis-backed ones under one prefix, so attempts spread over both instances
 * must add up — and how a test gets past a window: in process, the real 15
 * minutes on a test clock; in Redis, which keeps its own time, a 4-second
 * window waited out.
 */
interface Store {
  open(): Promise<[RateLimits, RateLimits]>;
  passWindow(retryAfterSeconds: number): Promise<void>;
}
const QUARTER_HOUR = 15 * 60;
const stores: [string, Store][] = [
  [
    "in-process, on a test clock",
    {
      async open() {
        vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
        const rateLimits = createMemoryRateLimits({ limits: sizes(QUARTER_HOUR) });
        return [rateLimits, rateLimits];
      },
      async passWindow(retryAfterSeconds) {
        expect(retryAfterSeconds).toBe(QUARTER_HOUR);
        vi.setSystemTime(Date.now() + QUARTER_HOUR * 1000 + 1);
      },
    },
  ],
];
if (redisUrl) {
  stores.push([
    "Redis, across two instances",
    {
      async open() {
        const prefix = `trellis:test:sign-in:${crypto.randomUUID()}`;
        const options = { prefix, limits: sizes(4) };
        const pair = [await createRedisRateLimits(redisUrl, options), await createRedisRateLimits(redisUrl, options)];
        opened.push(...pair);
        const [a, b] = pair;
        if (!a || !b) throw new Error("two instances expected");
        return [a, b];
      },
      async passWindow(retryAfterSeconds) {
        await sleep(retryAfterSeconds * 1000 + 100);
      },
    },
  ]);
}

// Each attempt runs argon2: give the slower databases and a busy machine room.
const TIMEOUT = 30_000;

describe.each(stores)("sign-in rate limits (%s)", (_, { open, passWindow }) => {
  it(
    "brute force: five wrong passwords, then 429 with Retry-After even for the right one; after the window it signs in",
    async () => {
      const [a, b] = await open();
      const email = await newAccount();
      const ip = "198.51.100.20";
      // Spread over both instances, as a load balancer would.
      expect(await repeat(3, { email, password: "guess", ip, rateLimits: a })).toEqual(["wrong", "wrong", "wrong"]);
      expect(await repeat(2, { email, password: "guess", ip, rateLimits: b })).toEqual(["wrong", "wrong"]);

      const refused = await signIn({ email, password: PASSWORD, ip, rateLimits: a });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      // What next-auth/react's signIn() reads: an error, and the seconds to wait as its code.
      const { url, message } = (await refused.json()) as { url: string; message: string };
      expect(Object.fromEntries(new URL(url).searchParams)).toEqual({
        error: "TooManyRequests",
        code: String(retryAfter),
      });
      expect(message).toMatch(/^Too many failed sign-ins\. Try again in \d+ (seconds?|minutes?)\.$/);
      // Another address is refused too: the account is what is locked.
      expect(await attempt({ email, password: PASSWORD, ip: "198.51.100.21", rateLimits: b })).toBe("429");

      await passWindow(retryAfter);
      expect(await attempt({ email, password: PASSWORD, ip, rateLimits: b })).toBe("signed in");
    },
    TIMEOUT,
  );

  it(
    "counts failures per address across accounts (password spraying), sparing other addresses",
    async () => {
      const [a, b] = await open();
      const ip = "198.51.100.30";
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 9; i++) {
        outcomes.push(
          await attempt({ email: await newAccount(), password: "Summer2024!", ip, rateLimits: i % 2 ? a : b }),
        );
      }
      expect(outcomes).toEqual([...Array<Outcome>(8).fill("wrong"), "429"]);
      expect(await attempt({ email: await newAccount(), password: PASSWORD, ip, rateLimits: a })).toBe("429");
      expect(await attempt({ email: await newAccount(), password: PASSWORD, ip: "198.51.100.31", rateLimits: a })).toBe(
        "signed in",
      );
    },
    TIMEOUT,
  );

  it(
    "never counts a right password: signing in again and again from one address is fine",
    async () => {
      const [a, b] = await open();
      const email = await newAccount();
      const ip = "198.51.100.40";
      const outcomes = await repeat(6, { email, password: PASSWORD, ip, rateLimits: a });
      outcomes.push(...(await repeat(6, { email, password: PASSWORD, ip, rateLimits: b })));
      expect(outcomes).toEqual(Array<Outcome>(12).fill("signed in"));
      // And the address's whole budget of failures is still there (one account each, below their own limit).
      const failures: Outcome[] = [];
      for (let i = 0; i < 8; i++)
        failures.push(await attempt({ email: await newAccount(), password: "guess", ip, rateLimits: a }));
      expect(failures).toEqual(Array<Outcome>(8).fill("wrong"));
    },
    TIMEOUT,
  );

  it(
    "starts an account's count over after a right password",
    async () => {
      const [a] = await open();
      const email = await newAccount();
      const ip = null; // unknown address: only the account is counted
      expect(await repeat(4, { email, password: "guess", ip, rateLimits: a })).toEqual(Array<Outcome>(4).fill("wrong"));
      expect(await attempt({ email, password: PASSWORD, ip, rateLimits: a })).toBe("signed in");
      expect(await repeat(6, { email, password: "guess", ip, rateLimits: a })).toEqual([
        ...Array<Outcome>(5).fill("wrong"),
        "429",
      ]);
    },
    TIMEOUT,
  );

  it(
    "counts the account by its email as Trellis compares them: case and spaces do not buy more guesses",
    async () => {
      const [a] = await open();
      const email = await newAccount();
      const spellings = [email, email.toUpperCase(), ` ${email}`, email.replace("person", "Person"), `${email} `];
      const outcomes: Outcome[] = [];
      for (const spelling of spellings)
        outcomes.push(await attempt({ email: spelling, password: "guess", ip: null, rateLimits: a }));
      expect(outcomes).toEqual(Array<Outcome>(5).fill("wrong"));
      expect(await attempt({ email, password: PASSWORD, ip: null, rateLimits: a })).toBe("429");
    },
    TIMEOUT,
  );

  it(
    "does not count an attempt where no password was checked (no CSRF token)",
    async () => {
      const [a] = await open();
      const email = await newAccount();
      const ip = "198.51.100.50";
      const unchecked = await repeat(10, { email, password: "guess", ip, rateLimits: a, withoutCsrf: true });
      expect(unchecked).toEqual(Array<Outcome>(10).fill("no password checked"));
      expect(await attempt({ email, password: PASSWORD, ip, rateLimits: a })).toBe("signed in");
    },
    TIMEOUT,
  );

  it(
    "refuses a form with two email fields, checking no password: the limits and Auth.js never read different ones",
    async () => {
      const [a] = await open();
      const victim = await newAccount();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const body = form([
          ["email", `throwaway${i}@example.com`],
          ["email", victim],
          ["password", "guess"],
          ["csrfToken", token.csrfToken],
          ["callbackUrl", "/"],
        ]);
        statuses.push((await post(body, "application/x-www-form-urlencoded", { ip: null, rateLimits: a })).status);
      }
      expect(statuses).toEqual(Array<number>(6).fill(400));
      for (const field of ["password", "csrfToken"]) {
        const body = form([
          ["email", victim],
          ["password", "guess"],
          ["csrfToken", token.csrfToken],
          [field, field === "password" ? PASSWORD : token.csrfToken],
        ]);
        expect((await post(body, "application/x-www-form-urlencoded", { ip: null, rateLimits: a })).status).toBe(400);
      }
      const twice = `{"email":"throwaway@example.com","email":${JSON.stringify(victim)},"password":"guess","csrfToken":${JSON.stringify(token.csrfToken)}}`;
      expect((await post(twice, "application/json", { ip: null, rateLimits: a })).status).toBe(400);
    },
    TIMEOUT,
  );

  it(
    "counts the very email Auth.js checks: with the route's check bypassed, a second email field still locks its account",
    async () => {
      const [a] = await open();
      const victim = await newAccount();
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 5; i++) {
        const body = form([
          ["email", `throwaway${i}@example.com`],
          ["email", victim], // Auth.js keeps the last
          ["password", "guess"],
          ["csrfToken", token.csrfToken],
          ["callbackUrl", "/"],
        ]);
        const request = credentialsPost(body, "application/x-www-form-urlencoded", null);
        outcomes.push(await outcome(await authFor(a).handlers.POST(request as never)));
      }
      expect(outcomes).toEqual(Array<Outcome>(5).fill("wrong"));
      expect(await attempt({ email: victim, password: PASSWORD, ip: null, rateLimits: a })).toBe("429");
    },
    TIMEOUT,
  );

  it(
    "refuses a content type Auth.js and the limits could read differently (text/plain; application/json, multipart)",
    async () => {
      const [a] = await open();
      const victim = await newAccount();
      const json = JSON.stringify({ email: victim, password: "guess", csrfToken: token.csrfToken, callbackUrl: "/" });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await post(json, "text/plain; application/json", { ip: null, rateLimits: a })).status);
      }
      for (const contentType of [
        "application/x-www-form-urlencoded; application/json",
        "application/json, application/json",
        "multipart/form-data; boundary=x",
        "application/jsonx",
      ]) {
        statuses.push((await post(json, contentType, { ip: null, rateLimits: a })).status);
      }
      expect(statuses).toEqual(Array<number>(10).fill(400));
      // The exact media types still work, with a charset.
      const signedIn = await post(
        JSON.stringify({ email: victim, password: PASSWORD, csrfToken: token.csrfToken }),
        "application/json; charset=UTF-8",
        { ip: null, rateLimits: a },
      );
      expect(await outcome(signedIn)).toBe("signed in");
    },
    TIMEOUT,
  );

  it(
    "reads no more of a sign-in than any other path: a body over 100 kB is 413, no password checked",
    async () => {
      const [a] = await open();
      const victim = await newAccount();
      const padded = new URLSearchParams({ email: victim, password: PASSWORD, csrfToken: token.csrfToken });
      padded.set("padding", "x".repeat(120_000));
      const answer = await post(padded.toString(), "application/x-www-form-urlencoded", { ip: null, rateLimits: a });
      expect(answer.status).toBe(413);
      expect(answer.headers.get("set-cookie")).toBeNull();
    },
    TIMEOUT,
  );

  it(
    "leaves Auth.js's other endpoints alone, even for a blocked address",
    async () => {
      const [a] = await open();
      const ip = "198.51.100.60";
      for (let i = 0; i < 9; i++) await attempt({ email: await newAccount(), password: "guess", ip, rateLimits: a });
      const providers = await limitCredentialsSignIn(new Request(`${origin}/api/auth/providers`), (req) =>
        authFor(a).handlers.GET(req as never),
      );
      expect(providers.status).toBe(200);
      expect(await providers.json()).toHaveProperty("credentials");
    },
    TIMEOUT,
  );
});

/** A passkey sign-in POST, from `ip`: the browser's answer to a challenge as one JSON field (@trellis/auth/next). */
function passkeySignIn(answer: string, { ip, rateLimits }: { ip: string; rateLimits: RateLimits }): Promise<Response> {
  const request = new Request(`${origin}/api/auth/callback/passkey`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-auth-return-redirect": "1",
      cookie: token.cookie,
      [TEST_IP_HEADER]: ip,
    },
    body: new URLSearchParams({ response: answer, csrfToken: token.csrfToken, callbackUrl: "/" }),
  });
  return limitCredentialsSignIn(request, (req) => authFor(rateLimits).handlers.POST(req as never));
}

describe("passkey sign-ins", () => {
  it(
    "count their failures per address, as wrong passwords do: over the limit, 429 even for a good passkey",
    async () => {
      const rateLimits = createMemoryRateLimits({ limits: sizes(QUARTER_HOUR) });
      const email = await newAccount();
      const owner = await database.data.users.byEmail(email);
      if (!owner) throw new Error("no account");
      const rp = relyingParty(origin);
      const authenticator = createSoftwareAuthenticator(origin);
      await registerPasskey(database.data, rp, {
        userId: owner.id,
        response: authenticator.register(await registrationOptions(database.data, rp, owner)),
      });
      const answer = async (site?: { origin: string }) =>
        JSON.stringify(authenticator.authenticate(await signInOptions(database.data, rp), site));
      const ip = "198.51.100.40";

      expect(await outcome(await passkeySignIn(await answer(), { ip, rateLimits }))).toBe("signed in");
      for (let i = 0; i < 8; i++) {
        const forged = await answer({ origin: "https://evil.example" });
        expect(await outcome(await passkeySignIn(forged, { ip, rateLimits }))).toBe("wrong");
      }
      const refused = await passkeySignIn(await answer(), { ip, rateLimits });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      // Another address is not locked out: a passkey names no account to count against until it is verified.
      expect(await outcome(await passkeySignIn(await answer(), { ip: "198.51.100.41", rateLimits }))).toBe("signed in");
    },
    TIMEOUT,
  );
});
