import { createTestDatabase } from "@trellis/db/testing";
import { encode } from "next-auth/jwt";
import { afterAll, describe, expect, it } from "vitest";

import { viewerFromHeaders } from "./session";

const database = await createTestDatabase();
afterAll(() => database.close());
const { data } = database;

const options = { secret: "test-secret-test-secret-test-secret", secureCookies: false };
const COOKIE = "authjs.session-token";

/** A session cookie exactly as Auth.js issues it. */
async function sessionCookie(claims: Record<string, unknown>) {
  const jwt = await encode({ token: claims, secret: options.secret, salt: COOKIE });
  return new Headers({ cookie: `${COOKIE}=${jwt}` });
}

const user = await data.users.create({ email: "session@example.com", name: "Sess" });

describe("viewerFromHeaders", () => {
  it("reads the user from a valid session cookie", async () => {
    const headers = await sessionCookie({ sub: user.id, sv: 0 });
    expect(await viewerFromHeaders(data, headers, options)).toEqual({ id: user.id, name: "Sess", role: "user" });
  });

  it("sees a role change on the next request, with no new cookie", async () => {
    const headers = await sessionCookie({ sub: user.id, sv: 0 });
    await data.users.setRole({ id: user.id, role: "admin" });
    expect(await viewerFromHeaders(data, headers, options)).toMatchObject({ role: "admin" });
    await data.users.setRole({ id: user.id, role: "user" });
  });

  it("refuses every older cookie once the user signs out everywhere", async () => {
    const before = await sessionCookie({ sub: user.id, sv: 0 });
    await data.users.revokeSessions(user.id);
    expect(await viewerFromHeaders(data, before, options)).toBeNull();
    const after = await sessionCookie({ sub: user.id, sv: 1 });
    expect(await viewerFromHeaders(data, after, options)).toMatchObject({ id: user.id });
  });

  it("refuses no cookie, a forged cookie, a cookie for nobody, and a bearer token", async () => {
    expect(await viewerFromHeaders(data, new Headers(), options)).toBeNull();
    expect(await viewerFromHeaders(data, new Headers({ cookie: `${COOKIE}=forged` }), options)).toBeNull();
    const otherKey = await encode({ token: { sub: user.id, sv: 1 }, secret: "another-secret-another", salt: COOKIE });
    expect(await viewerFromHeaders(data, new Headers({ cookie: `${COOKIE}=${otherKey}` }), options)).toBeNull();
    expect(await viewerFromHeaders(data, await sessionCookie({ sub: "nobody", sv: 0 }), options)).toBeNull();
    const jwt = await encode({ token: { sub: user.id, sv: 1 }, secret: options.secret, salt: COOKIE });
    expect(await viewerFromHeaders(data, new Headers({ authorization: `Bearer ${jwt}` }), options)).toBeNull();
  });
});
