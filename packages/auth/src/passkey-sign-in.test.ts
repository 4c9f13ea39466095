import { createTestDatabase } from "@trellis/db/testing";
import { getToken } from "next-auth/jwt";
import { afterAll, describe, expect, it } from "vitest";

import { createAuth } from "./next";
import { registerPasskey, registrationOptions, relyingParty, signInOptions } from "./passkeys";
import { hashPassword } from "./password";
import { createSoftwareAuthenticator } from "./testing/software-authenticator";

/**
 * Signing in with a passkey through the real Auth.js handlers (the "passkey"
 * Credentials provider the app mounts at /api/auth), over a real database:
 * no password, a session like any other, marked as a two-factor sign-in.
 */
const database = await createTestDatabase();
afterAll(() => database.close());
const origin = "http://trellis.test";
const options = { secret: "test-secret-test-secret-test-secret", secureCookies: false, appUrl: origin };
const silent = { info() {}, warn() {}, error() {} };
const auth = createAuth({ data: async () => database.data, ...options, log: silent });
const rp = relyingParty(origin);

const password = "the right password";
const user = await database.data.accounts.signUp({
  email: "keyholder@example.com",
  name: "Key Holder",
  passwordHash: await hashPassword(password),
});
if (!user) throw new Error("sign-up failed");
const authenticator = createSoftwareAuthenticator(origin);
await registerPasskey(database.data, rp, {
  userId: user.id,
  response: authenticator.register(await registrationOptions(database.data, rp, user)),
});

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");

/** One POST to a Credentials provider's callback, as next-auth/react's signIn() sends it. */
async function signIn(provider: "passkey" | "credentials", fields: Record<string, string>) {
  const csrf = await auth.handlers.GET(new Request(`${origin}/api/auth/csrf`) as never);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await auth.handlers.POST(
    new Request(`${origin}/api/auth/callback/${provider}`, {
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
  const params = new URL(url).searchParams;
  const claims = await getToken({ req: { headers: { cookie: cookiesOf(response) } }, ...options, secureCookie: false });
  return { error: params.get("error"), code: params.get("code"), claims };
}

const passkeyAnswer = async (site?: { origin?: string }) =>
  JSON.stringify(authenticator.authenticate(await signInOptions(database.data, rp), site));

describe("signing in with a passkey", () => {
  it("signs its owner in without a password, and the session says two factors were used", async () => {
    const { error, claims } = await signIn("passkey", { response: await passkeyAnswer() });
    expect(error).toBeNull();
    expect(claims).toMatchObject({ sub: user.id, name: "Key Holder", mfa: true });
  });

  it("a password sign-in carries no such claim", async () => {
    const { error, claims } = await signIn("credentials", { email: "keyholder@example.com", password });
    expect(error).toBeNull();
    expect(claims?.sub).toBe(user.id);
    expect(claims).not.toHaveProperty("mfa");
  });

  it("refuses a failed verification exactly as a wrong password: the same error and code, no session", async () => {
    const wrongPassword = await signIn("credentials", { email: "keyholder@example.com", password: "not it at all" });
    const answer = JSON.parse(await passkeyAnswer({ origin: "https://evil.example" })) as object;
    const outcomes = [
      await signIn("passkey", { response: JSON.stringify(answer) }),
      await signIn("passkey", { response: "not json" }),
      await signIn("passkey", { response: JSON.stringify({ ...answer, id: "AAAA", rawId: "AAAA" }) }),
    ];
    for (const outcome of outcomes) {
      expect(outcome).toEqual({ error: wrongPassword.error, code: wrongPassword.code, claims: null });
    }
    expect(wrongPassword).toMatchObject({ error: "CredentialsSignin", code: "credentials" });
  });
});
