import { createTestDatabase } from "@trellis/db/testing";
import { Secret, TOTP } from "otpauth";
import { afterAll, describe, expect, it } from "vitest";

import { createAuth, githubEndpoints } from "./next";
import { hashPassword } from "./password";
import { authenticateRequest } from "./session";
import { newTotpSecret } from "./two-factor";

/**
 * Signing in and out through the real Auth.js handlers (what the app mounts
 * at /api/auth), over a real database: a signed-out cookie is dead on the
 * server too, not merely deleted from the browser that signed out.
 */
/** What Auth.js logged (the app hands it its pino logger). */
const logged: { level: string; details: object; message: string }[] = [];
function record(level: string) {
  return (details: object, message: string) => {
    logged.push({ level, details, message });
  };
}
const database = await createTestDatabase();
afterAll(() => database.close());
const options = { secret: "test-secret-test-secret-test-secret", secureCookies: false, appUrl: "http://trellis.test" };
const auth = createAuth({
  data: async () => database.data,
  ...options,
  log: { info: record("info"), warn: record("warn"), error: record("error") },
});
const origin = "http://trellis.test";
const person = { email: "two-devices@example.com", password: "the right password" };
await database.data.accounts.signUp({
  email: person.email,
  name: "Two Devices",
  passwordHash: await hashPassword(person.password),
});

/** The `name=value` pairs a response sets, as a Cookie header would send them back. */
const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");

/** A browser of its own: Auth.js's CSRF token and cookie, then a password sign-in; its cookies after. */
async function signedInBrowser(): Promise<{ cookie: string; csrfToken: string }> {
  const csrf = await auth.handlers.GET(new Request(`${origin}/api/auth/csrf`) as never);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = cookiesOf(csrf);
  const signIn = await auth.handlers.POST(
    new Request(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-auth-return-redirect": "1",
        cookie: csrfCookie,
      },
      body: new URLSearchParams({ ...person, csrfToken, callbackUrl: "/" }),
    }) as never,
  );
  const session = cookiesOf(signIn);
  expect(session).toContain("authjs.session-token=");
  return { cookie: `${csrfCookie}; ${session}`, csrfToken };
}

/** Who the app sees behind a cookie: every request is authenticated this way (apps/web/src/server/request-context.ts). */
const viewerOf = async (cookie: string) =>
  (await authenticateRequest(database.data, new Headers({ cookie }), options)).viewer;

describe("signing out", () => {
  it("kills that session on the server: its cookie, replayed, is refused; the other browser stays signed in", async () => {
    const laptop = await signedInBrowser();
    const phone = await signedInBrowser();
    expect(await viewerOf(laptop.cookie)).toMatchObject({ name: "Two Devices", via: "session" });

    const signOut = await auth.handlers.POST(
      new Request(`${origin}/api/auth/signout`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-auth-return-redirect": "1",
          cookie: laptop.cookie,
        },
        body: new URLSearchParams({ csrfToken: laptop.csrfToken, callbackUrl: "/" }),
      }) as never,
    );
    expect(signOut.ok).toBe(true);

    expect(await viewerOf(laptop.cookie)).toBeNull();
    expect(await viewerOf(phone.cookie)).toMatchObject({ name: "Two Devices", via: "session" });
    // Auth.js's own session endpoint agrees: the copy gets no name or email, the other browser does.
    expect(await authJsSession(laptop.cookie)).toBeNull();
    expect(await authJsSession(phone.cookie)).toMatchObject({ user: { email: person.email } });
  });
});

/** What Auth.js's GET /api/auth/session tells a browser holding `cookie`. */
async function authJsSession(cookie: string): Promise<unknown> {
  const response = await auth.handlers.GET(new Request(`${origin}/api/auth/session`, { headers: { cookie } }) as never);
  return response.json();
}

describe("Auth.js's messages", () => {
  it("go to the app's log: a wrong password as one line without a stack, a missing CSRF token as one warning", async () => {
    const csrf = await auth.handlers.GET(new Request(`${origin}/api/auth/csrf`) as never);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signIn = (body: Record<string, string>, cookie: string) =>
      auth.handlers.POST(
        new Request(`${origin}/api/auth/callback/credentials`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1", cookie },
          body: new URLSearchParams({ ...body, callbackUrl: "/" }),
        }) as never,
      );
    logged.length = 0;
    await signIn({ email: person.email, password: "not the password", csrfToken }, cookiesOf(csrf));
    await signIn({ email: person.email, password: person.password }, "");
    expect(logged).toEqual([
      {
        level: "info",
        details: { auth: "CredentialsSignin", code: "credentials" },
        message: "Auth.js: sign-in refused",
      },
      { level: "warn", details: { auth: "MissingCSRF" }, message: expect.stringContaining("CSRF token was missing") },
    ]);
  });

  it("log a fault of ours as an error, with the error that caused it and its stack", async () => {
    const broken = createAuth({
      data: async () => {
        throw new Error("the database is down");
      },
      ...options,
      log: { info: record("info"), warn: record("warn"), error: record("error") },
    });
    const csrf = await broken.handlers.GET(new Request(`${origin}/api/auth/csrf`) as never);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    logged.length = 0;
    await broken.handlers.POST(
      new Request(`${origin}/api/auth/callback/credentials`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-auth-return-redirect": "1",
          cookie: cookiesOf(csrf),
        },
        body: new URLSearchParams({ email: person.email, password: person.password, csrfToken, callbackUrl: "/" }),
      }) as never,
    );
    expect(logged).toHaveLength(1);
    const [entry] = logged;
    expect(entry?.level).toBe("error");
    const err: unknown = entry && Reflect.get(entry.details, "err");
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe("the database is down");
    expect((err as Error).stack).toContain("next.test.ts");
    // What the person typed never reaches the log.
    expect(JSON.stringify(entry)).not.toContain(person.password);
  });
});

describe("two-factor sign-in, through the real handlers", () => {
  const guarded = { email: "guarded@example.com", password: "another right password" };
  const secret = newTotpSecret();

  /** Posts a password sign-in from a fresh browser: the answer's `code` (if refused) and the session cookie. */
  async function signIn(fields: Record<string, string>) {
    const csrf = await auth.handlers.GET(new Request(`${origin}/api/auth/csrf`) as never);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await auth.handlers.POST(
      new Request(`${origin}/api/auth/callback/credentials`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-auth-return-redirect": "1",
          cookie: cookiesOf(csrf),
        },
        body: new URLSearchParams({ ...fields, csrfToken, callbackUrl: "/" }),
      }) as never,
    );
    const { url } = (await response.json()) as { url: string };
    const session = cookiesOf(response);
    return {
      code: new URL(url).searchParams.get("code"),
      cookie: session.includes("authjs.session-token=") ? session : null,
    };
  }

  it("asks for the code after the right password, and marks the session that gave one", async () => {
    const user = await database.data.accounts.signUp({
      email: guarded.email,
      name: "Guarded",
      passwordHash: await hashPassword(guarded.password),
    });
    if (!user) throw new Error("sign-up failed");
    await database.data.twoFactor.begin({ userId: user.id, secret });
    await database.data.twoFactor.enable({ userId: user.id, secret, step: 0, recoveryCodeHashes: [] });

    expect(await signIn(guarded)).toEqual({ code: "second-factor-required", cookie: null });
    expect(await signIn({ ...guarded, code: "000000" })).toMatchObject({ code: "credentials", cookie: null });
    expect(await signIn({ ...guarded, password: "wrong", code: codeNow() })).toMatchObject({ cookie: null });

    const signedIn = await signIn({ ...guarded, code: codeNow() });
    expect(signedIn.cookie).not.toBeNull();
    expect(await viewerOf(signedIn.cookie ?? "")).toMatchObject({ name: "Guarded", secondFactor: true });
    // A password-only account's session passed no second factor.
    expect(await viewerOf((await signedInBrowser()).cookie)).toMatchObject({ secondFactor: false });
  });

  const codeNow = () =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() });
});

describe("GitHub's endpoints", () => {
  it("are GitHub's own unless a test's stand-in origin is given; then the same paths there, and it is the issuer", () => {
    expect(githubEndpoints()).toEqual({
      issuer: "https://github.com/login/oauth",
      authorization: "https://github.com/login/oauth/authorize",
      token: "https://github.com/login/oauth/access_token",
      profile: "https://api.github.com/user",
      emails: "https://api.github.com/user/emails",
    });
    expect(githubEndpoints("http://127.0.0.1:9000")).toEqual({
      issuer: "http://127.0.0.1:9000",
      authorization: "http://127.0.0.1:9000/login/oauth/authorize",
      token: "http://127.0.0.1:9000/login/oauth/access_token",
      profile: "http://127.0.0.1:9000/user",
      emails: "http://127.0.0.1:9000/user/emails",
    });
  });
});
