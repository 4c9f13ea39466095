import { createTestDatabase } from "@trellis/db/testing";
import { afterAll, describe, expect, it } from "vitest";

import {
  connectIntentValue,
  githubProfileWithVerifiedEmail,
  identityFromOpenIdClaims,
  type ProviderIdentity,
  readConnectIntent,
  resolveOAuthSignIn,
} from "./oauth";
import { hashPassword } from "./password";
import { newTotpSecret } from "./two-factor";

/** The linking rule (ADR 052) over a real database, and how each provider's answer is read. */
const database = await createTestDatabase();
afterAll(() => database.close());
const { data } = database;

const identity = (overrides: Partial<ProviderIdentity> = {}): ProviderIdentity => ({
  provider: "oidc",
  providerAccountId: `sub-${crypto.randomUUID()}`,
  email: `${crypto.randomUUID()}@example.com`,
  emailVerified: true,
  name: "Someone",
  ...overrides,
});

describe("signing in through a provider", () => {
  it("creates a user (role user) for a new verified email, and finds the same user next time", async () => {
    const person = identity();
    const first = await resolveOAuthSignIn(data, person, null);
    if (!("user" in first)) throw new Error(`refused: ${first.redirect}`);
    expect(first.user).toMatchObject({ email: person.email, role: "user" });
    // The email changed at the provider: the identity, not the email, finds the user.
    expect(await resolveOAuthSignIn(data, { ...person, email: "changed@example.com" }, null)).toEqual(first);
  });

  it("never links by a matching email: a password account's email is refused", async () => {
    await data.accounts.signUp({ email: "has-password@example.com", name: "P", passwordHash: "hash" });
    const claimer = identity({ email: "has-password@example.com" });
    expect(await resolveOAuthSignIn(data, claimer, null)).toEqual({
      redirect: "/sign-in?error=provider-account-exists",
    });
    expect(await data.accounts.oauthUser(claimer)).toBeUndefined();
  });

  it("refuses an unverified or missing email, creating nothing", async () => {
    const unverified = identity({ emailVerified: false });
    expect(await resolveOAuthSignIn(data, unverified, null)).toEqual({
      redirect: "/sign-in?error=provider-email-unverified",
    });
    expect(await data.users.byEmail(unverified.email ?? "")).toBeUndefined();
    expect(await resolveOAuthSignIn(data, identity({ email: null }), null)).toEqual({
      redirect: "/sign-in?error=provider-email-missing",
    });
  });

  it("refuses a linked user with two-factor on, whichever provider", async () => {
    const person = identity({ provider: "github" });
    const first = await resolveOAuthSignIn(data, person, null);
    if (!("user" in first)) throw new Error("refused");
    const secret = newTotpSecret();
    await data.twoFactor.begin({ userId: first.user.id, secret });
    await data.twoFactor.enable({ userId: first.user.id, secret, step: 0, recoveryCodeHashes: [] });
    expect(await resolveOAuthSignIn(data, person, null)).toEqual({ redirect: "/sign-in?error=provider-two-factor" });
  });
});

describe("connecting a provider from Settings", () => {
  it("links a verified identity to the signed-in user, even with another email; never one that is another's", async () => {
    const owner = await data.accounts.signUp({
      email: "connects@example.com",
      name: "C",
      passwordHash: await hashPassword("a right password here"),
    });
    if (!owner) throw new Error("sign-up failed");
    const work = identity({ email: "c@work.example" });
    expect(await resolveOAuthSignIn(data, { ...work, emailVerified: false }, owner.id)).toEqual({
      redirect: "/settings?connect=unverified",
    });
    expect(await resolveOAuthSignIn(data, work, owner.id)).toEqual({ redirect: "/settings?connect=connected" });
    expect(await resolveOAuthSignIn(data, work, null)).toEqual({ user: expect.objectContaining({ id: owner.id }) });

    const someoneElse = await data.users.create({ email: "else@example.com", name: "E" });
    expect(await resolveOAuthSignIn(data, work, someoneElse.id)).toEqual({ redirect: "/settings?connect=taken" });
  });

  it("reads a connect intent only when it is ours, for this provider and unexpired", () => {
    const secret = "a-session-key-a-session-key-a-session-key";
    const value = connectIntentValue(secret, { userId: "u1", sessionVersion: 3, provider: "google" }, 1_000);
    expect(readConnectIntent(secret, value, "google", 2_000)).toEqual({
      userId: "u1",
      sessionVersion: 3,
      provider: "google",
    });
    expect(readConnectIntent(secret, value, "github", 2_000)).toBeNull();
    expect(readConnectIntent(secret, value, "google", 1_000 + 601_000)).toBeNull();
    expect(readConnectIntent("another key, another key, another key", value, "google", 2_000)).toBeNull();
    const [payload, signed] = value.split(".");
    const forged = Buffer.from(
      JSON.stringify({ userId: "u2", sessionVersion: 0, provider: "google", expiresAt: 9e15 }),
    );
    expect(readConnectIntent(secret, `${forged.toString("base64url")}.${signed}`, "google", 2_000)).toBeNull();
    expect(readConnectIntent(secret, payload, "google", 2_000)).toBeNull();
    expect(readConnectIntent(secret, undefined, "google", 2_000)).toBeNull();
  });
});

describe("each provider's answer", () => {
  it('Google and OpenID Connect: email_verified must be true (or "true"), and the email is lower-cased', () => {
    const claims = { sub: "108", email: "Person@Gmail.com", email_verified: true, name: "Person" };
    expect(identityFromOpenIdClaims("google", "108", claims)).toEqual({
      provider: "google",
      providerAccountId: "108",
      email: "person@gmail.com",
      emailVerified: true,
      name: "Person",
    });
    expect(identityFromOpenIdClaims("oidc", "1", { ...claims, email_verified: "true" }).emailVerified).toBe(true);
    expect(identityFromOpenIdClaims("oidc", "1", { ...claims, email_verified: false }).emailVerified).toBe(false);
    expect(identityFromOpenIdClaims("oidc", "1", { email: "x@example.com" })).toMatchObject({
      emailVerified: false,
      name: "x@example.com",
    });
  });

  it("GitHub: the verified primary email from its emails API, never the profile's public one", () => {
    const profile = { id: 7, login: "octo", name: "Octo", email: "public@example.com" };
    const emails = [
      { email: "old@example.com", primary: false, verified: true },
      { email: "primary@example.com", primary: true, verified: true },
    ];
    const withEmail = githubProfileWithVerifiedEmail(profile, emails);
    expect(withEmail).toMatchObject({ email: "primary@example.com", email_verified: true, login: "octo" });
    expect(identityFromOpenIdClaims("github", "7", withEmail)).toMatchObject({
      email: "primary@example.com",
      emailVerified: true,
    });

    const unverifiedPrimary = [{ email: "primary@example.com", primary: true, verified: false }];
    const withUnverified = githubProfileWithVerifiedEmail(profile, unverifiedPrimary);
    expect(withUnverified).toMatchObject({ email: "primary@example.com", email_verified: false });
    expect(identityFromOpenIdClaims("github", "7", withUnverified)).toMatchObject({ emailVerified: false });
    // The emails API refused (no user:email scope): no email to trust.
    expect(githubProfileWithVerifiedEmail(profile, null)).toMatchObject({ email: null, email_verified: false });
  });
});
