import { createTestDatabase } from "@trellis/db/testing";
import { encode } from "next-auth/jwt";
import { afterAll, describe, expect, it } from "vitest";

import { authenticateRequest, revokeSession, SESSION_MAX_AGE_SECONDS } from "./session";
import { API_TOKEN_PREFIX, newApiToken } from "./tokens";

const database = await createTestDatabase();
afterAll(() => database.close());
const { data } = database;

const options = { secret: "test-secret-test-secret-test-secret", secureCookies: false };
const COOKIE = "authjs.session-token";

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A session cookie exactly as Auth.js issues it: a session of its own, signed in just now, unless `claims` say otherwise. */
async function sessionCookie(claims: Record<string, unknown>) {
  const token = { sid: crypto.randomUUID(), auth_time: nowSeconds(), ...claims };
  const jwt = await encode({ token, secret: options.secret, salt: COOKIE });
  return new Headers({ cookie: `${COOKIE}=${jwt}` });
}
const viewerOf = async (headers: Headers) => (await authenticateRequest(data, headers, options)).viewer;

const user = await data.users.create({ email: "session@example.com", name: "Sess" });

describe("a session cookie", () => {
  it("names the viewer, and the session it is", async () => {
    const signedInAt = nowSeconds();
    const headers = await sessionCookie({ sub: user.id, sv: 0, sid: "session-1", auth_time: signedInAt });
    expect(await viewerOf(headers)).toEqual({
      id: user.id,
      name: "Sess",
      role: "user",
      via: "session",
      secondFactor: false,
      session: {
        id: "session-1",
        signedInAt: new Date(signedInAt * 1000),
        expiresAt: new Date((signedInAt + SESSION_MAX_AGE_SECONDS) * 1000),
      },
    });
  });

  it("passed a second factor when its cookie says so (mfa), or when a row records it for that session alone", async () => {
    const withCode = await sessionCookie({ sub: user.id, sv: 0, mfa: true });
    expect(await viewerOf(withCode)).toMatchObject({ secondFactor: true });
    const marked = { sub: user.id, sv: 0, sid: crypto.randomUUID(), auth_time: nowSeconds() };
    const other = await sessionCookie({ sub: user.id, sv: 0 });
    expect(await viewerOf(await sessionCookie(marked))).toMatchObject({ secondFactor: false });
    await data.twoFactor.markSession({
      sessionId: marked.sid,
      expiresAt: new Date(Date.now() + 60_000),
      now: new Date(),
    });
    expect(await viewerOf(await sessionCookie(marked))).toMatchObject({ secondFactor: true });
    expect(await viewerOf(other)).toMatchObject({ secondFactor: false });
  });

  it("shows a role change on the next request, with no new cookie", async () => {
    const headers = await sessionCookie({ sub: user.id, sv: 0 });
    await data.users.setRole({ id: user.id, role: "admin" });
    expect(await viewerOf(headers)).toMatchObject({ role: "admin" });
    await data.users.setRole({ id: user.id, role: "user" });
  });

  it("stops working, every one of them, once the user signs out everywhere", async () => {
    const before = await sessionCookie({ sub: user.id, sv: 0 });
    await data.users.revokeSessions(user.id);
    expect(await viewerOf(before)).toBeNull();
    expect(await viewerOf(await sessionCookie({ sub: user.id, sv: 1 }))).toMatchObject({ id: user.id });
  });

  it("stops working once that session signs out, while the user's other sessions go on", async () => {
    const { sessionVersion: sv } = (await data.users.byId(user.id)) ?? { sessionVersion: -1 };
    const laptop = { sub: user.id, sv, sid: crypto.randomUUID(), auth_time: nowSeconds() };
    const phone = await sessionCookie({ sub: user.id, sv });
    const copied = await sessionCookie(laptop);
    expect(await viewerOf(copied)).toMatchObject({ id: user.id });

    await revokeSession(data, laptop);
    expect(await viewerOf(copied)).toBeNull();
    expect(await viewerOf(phone)).toMatchObject({ id: user.id });
  });

  it("is refused without a session id (issued before sessions had one) or once its session is 30 days old", async () => {
    const { sessionVersion: sv } = (await data.users.byId(user.id)) ?? { sessionVersion: -1 };
    expect(await viewerOf(await sessionCookie({ sub: user.id, sv }))).toMatchObject({ id: user.id });
    const legacy = await encode({ token: { sub: user.id, sv }, secret: options.secret, salt: COOKIE });
    expect(await viewerOf(new Headers({ cookie: `${COOKIE}=${legacy}` }))).toBeNull();
    const expired = await sessionCookie({ sub: user.id, sv, auth_time: nowSeconds() - SESSION_MAX_AGE_SECONDS - 1 });
    expect(await viewerOf(expired)).toBeNull();
  });

  it("is ignored when missing, forged, signed with another key, or for nobody", async () => {
    expect(await viewerOf(new Headers())).toBeNull();
    expect(await viewerOf(new Headers({ cookie: `${COOKIE}=forged` }))).toBeNull();
    const otherKey = await encode({ token: { sub: user.id, sv: 1 }, secret: "another-secret-another", salt: COOKIE });
    expect(await viewerOf(new Headers({ cookie: `${COOKIE}=${otherKey}` }))).toBeNull();
    expect(await viewerOf(await sessionCookie({ sub: "nobody", sv: 0 }))).toBeNull();
  });
});

describe("a bearer token", () => {
  const bearer = (secret: string) => new Headers({ authorization: `Bearer ${secret}` });

  it("names the token's user, with the token's scope", async () => {
    for (const scope of ["read", "read-write"] as const) {
      const { secret, prefix, tokenHash } = newApiToken();
      await data.apiTokens.create({ userId: user.id, name: scope, scope, prefix, tokenHash, expiresAt: null });
      expect(await authenticateRequest(data, bearer(secret), options)).toEqual({
        viewer: {
          id: user.id,
          name: "Sess",
          role: "user",
          via: scope === "read" ? "read-token" : "read-write-token",
          // A token never counts as a second factor, whatever its user has on.
          secondFactor: false,
        },
        refused: null,
      });
    }
  });

  it("is refused — not treated as anonymous — when unknown, revoked or not ours", async () => {
    const { secret, prefix, tokenHash } = newApiToken();
    const token = await data.apiTokens.create({
      userId: user.id,
      name: "x",
      scope: "read",
      prefix,
      tokenHash,
      expiresAt: null,
    });
    await data.apiTokens.revoke({ id: token.id, userId: user.id, now: new Date() });
    for (const presented of [secret, newApiToken().secret, "not-a-trellis-token"]) {
      expect(await authenticateRequest(data, bearer(presented), options)).toMatchObject({
        viewer: null,
        refused: expect.stringMatching(/unknown, revoked or expired/),
      });
    }
    // A session JWT sent as a bearer is not a session.
    const jwt = await encode({ token: { sub: user.id, sv: 1 }, secret: options.secret, salt: COOKIE });
    expect((await authenticateRequest(data, bearer(jwt), options)).viewer).toBeNull();
  });

  it("has a recognisable prefix, high entropy, and is stored only as a hash", () => {
    const { secret, prefix, tokenHash } = newApiToken();
    expect(secret).toMatch(new RegExp(`^${API_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`));
    expect(secret.startsWith(prefix)).toBe(true);
    expect(tokenHash).not.toContain(secret.slice(4));
    expect(newApiToken().secret).not.toBe(secret);
  });
});
