import {
  CHALLENGE_TTL_MS,
  newTotpSecret,
  relyingParty,
  SESSION_MAX_AGE_SECONDS,
  verifyPasskeySignIn,
} from "@trellis/auth";
import { createSoftwareAuthenticator } from "@trellis/auth/testing/software-authenticator";
import { describe, expect, it } from "vitest";

import { setupRouterTest } from "../testing";
import type { Viewer } from "../trpc";

const setup = await setupRouterTest({
  limits: { passkeyChallengesPerIp: { points: 1_000, durationSeconds: 60 } },
});
const { alice, bob, callerFor, testDb } = setup;

/** A browser session of `viewer` that signed in `minutesAgo`, as authenticateRequest names one. */
function signedIn(viewer: Viewer, minutesAgo = 0, secondFactor = false): Viewer {
  const signedInAt = new Date(Date.now() - minutesAgo * 60_000);
  const expiresAt = new Date(signedInAt.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  return { ...viewer, secondFactor, session: { id: crypto.randomUUID(), signedInAt, expiresAt } };
}
// Adding a passkey needs a recent sign-in: Alice and Bob have just signed in.
const as = { ...setup.as, alice: callerFor(signedIn(alice)), bob: callerFor(signedIn(bob)) };
const appUrl = "http://trellis.test";
const rp = relyingParty(appUrl);

/** Adds a passkey to Alice's account through the procedures, as the settings page does. */
async function registerForAlice(name?: string) {
  const authenticator = createSoftwareAuthenticator(appUrl);
  const options = await as.alice.passkey.registrationOptions();
  const passkey = await as.alice.passkey.register({ response: authenticator.register(options), name });
  return { authenticator, passkey };
}

/** A sign-in answer from `authenticator` to fresh options; what Auth.js's passkey provider verifies. */
async function signInWith(
  authenticator: ReturnType<typeof createSoftwareAuthenticator>,
  site?: Parameters<ReturnType<typeof createSoftwareAuthenticator>["authenticate"]>[1],
) {
  const options = await as.anonymous.passkey.signInOptions();
  return authenticator.authenticate(options, site);
}

describe("adding a passkey", () => {
  it("asks for a discoverable credential for this site, and names the account by id", async () => {
    const options = await as.alice.passkey.registrationOptions();
    expect(options.rp).toEqual({ id: "trellis.test", name: "Trellis" });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.user.name).toBe("alice@example.com");
    expect(Buffer.from(options.user.id, "base64url").toString()).toBe(alice.id);
  });

  it("stores a verified passkey, listed with its name, kind and dates, never its key", async () => {
    const { passkey } = await registerForAlice("Laptop");
    expect(passkey).toMatchObject({ name: "Laptop", deviceType: "singleDevice", backedUp: false, lastUsedAt: null });
    const listed = await as.alice.passkey.list();
    expect(listed.map((p) => p.id)).toContain(passkey.id);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual([
      "backedUp",
      "createdAt",
      "deviceType",
      "id",
      "lastUsedAt",
      "name",
    ]);
    expect(await as.bob.passkey.list()).toEqual([]);
  });

  it("names an unnamed passkey after its kind", async () => {
    const { passkey } = await registerForAlice();
    expect(passkey.name).toBe("Passkey on this device");
    const synced = createSoftwareAuthenticator(appUrl, { synced: true });
    const registered = await as.alice.passkey.register({
      response: synced.register(await as.alice.passkey.registrationOptions()),
    });
    expect(registered).toMatchObject({ name: "Synced passkey", deviceType: "multiDevice", backedUp: true });
  });

  it("spends the challenge: the same answer a second time is refused", async () => {
    const authenticator = createSoftwareAuthenticator(appUrl);
    const response = authenticator.register(await as.alice.passkey.registrationOptions());
    await as.alice.passkey.register({ response });
    await expect(as.alice.passkey.register({ response })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses an answer to someone else's challenge", async () => {
    const options = await as.alice.passkey.registrationOptions();
    const response = createSoftwareAuthenticator(appUrl).register(options);
    await expect(as.bob.passkey.register({ response })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Bob's attempt did not spend Alice's challenge: her own answer still goes through.
    await expect(as.alice.passkey.register({ response })).resolves.toMatchObject({ name: "Passkey on this device" });
  });

  it.each([
    ["another origin", { origin: "https://evil.example" }],
    ["another RP ID", { rpId: "evil.example" }],
  ])("refuses a ceremony from %s", async (_, site) => {
    const response = createSoftwareAuthenticator(appUrl).register(await as.alice.passkey.registrationOptions(), site);
    await expect(as.alice.passkey.register({ response })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "That passkey could not be added: try again",
    });
  });

  it("refuses an authenticator that did not verify the person", async () => {
    const options = await as.alice.passkey.registrationOptions();
    const response = createSoftwareAuthenticator(appUrl).register(options, { userVerified: false });
    await expect(as.alice.passkey.register({ response })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses one credential registered twice at once as an ordinary refusal, never a 500", async () => {
    const authenticator = createSoftwareAuthenticator(appUrl);
    const answers = await Promise.all(
      [1, 2].map(async () => authenticator.register(await as.alice.passkey.registrationOptions())),
    );
    const outcomes = await Promise.allSettled(answers.map((response) => as.alice.passkey.register({ response })));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === "rejected")).toMatchObject({
      reason: { code: "BAD_REQUEST" },
    });
    // The store itself: a credential id stored already inserts nothing, and says so.
    const again = {
      userId: alice.id,
      name: "Again",
      credentialId: authenticator.credentialId,
      publicKey: "AA",
      counter: 0,
      transports: [],
      deviceType: "singleDevice" as const,
      backedUp: false,
    };
    expect(await testDb.data.passkeys.create(again)).toBeUndefined();
  });

  it("refuses an expired challenge", async () => {
    const options = await as.alice.passkey.registrationOptions();
    const response = createSoftwareAuthenticator(appUrl).register(options);
    const later = new Date(Date.now() + CHALLENGE_TTL_MS + 1_000);
    const { registerPasskey, isPasskeyRefusal } = await import("@trellis/auth");
    const result = await registerPasskey(testDb.data, rp, { userId: alice.id, response }, later);
    expect(isPasskeyRefusal(result)).toBe(true);
  });
});

describe("signing in with a passkey", () => {
  it("proves the passkey's owner, and records the use", async () => {
    const { authenticator, passkey } = await registerForAlice("Phone");
    const user = await verifyPasskeySignIn(testDb.data, rp, await signInWith(authenticator));
    expect(user).toMatchObject({ id: alice.id, email: "alice@example.com" });
    const used = (await as.alice.passkey.list()).find((p) => p.id === passkey.id);
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("asks for no particular passkey (discoverable), for this site", async () => {
    const options = await as.anonymous.passkey.signInOptions();
    expect(options.rpId).toBe("trellis.test");
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe("required");
  });

  it("counts as two factors only with the person verified: an answer without user verification is refused", async () => {
    const { authenticator } = await registerForAlice();
    expect(
      await verifyPasskeySignIn(testDb.data, rp, await signInWith(authenticator, { userVerified: false })),
    ).toMatchObject({ refused: true });
    expect(await verifyPasskeySignIn(testDb.data, rp, await signInWith(authenticator))).toMatchObject({ id: alice.id });
  });

  it("refuses a user handle that is not the passkey's owner", async () => {
    const { authenticator } = await registerForAlice();
    const bobsHandle = Buffer.from(bob.id).toString("base64url");
    expect(
      await verifyPasskeySignIn(testDb.data, rp, await signInWith(authenticator, { userHandle: bobsHandle })),
    ).toMatchObject({ refused: true, reason: "user handle is not the passkey's owner" });
  });

  it("never lets the stored counter go back, even when two uses are verified at once", async () => {
    const { authenticator } = await registerForAlice();
    const ahead = await signInWith(authenticator, { counter: 5 });
    const behind = await signInWith(authenticator, { counter: 3 });
    await Promise.all([ahead, behind].map((answer) => verifyPasskeySignIn(testDb.data, rp, answer)));
    expect((await testDb.data.passkeys.byCredentialId(authenticator.credentialId))?.counter).toBe(5);

    // The write itself is conditional: a counter at or behind the stored one is not recorded.
    const stored = await testDb.data.passkeys.byCredentialId(authenticator.credentialId);
    if (!stored) throw new Error("passkey not stored");
    const now = new Date();
    expect(await testDb.data.passkeys.recordUse({ id: stored.id, counter: 4, now })).toBe(false);
    expect(await testDb.data.passkeys.recordUse({ id: stored.id, counter: 5, now })).toBe(false);
    expect(await testDb.data.passkeys.recordUse({ id: stored.id, counter: 7, now })).toBe(true);
    // An authenticator that keeps no counter always reports 0: recorded.
    expect(await testDb.data.passkeys.recordUse({ id: stored.id, counter: 0, now })).toBe(true);
  });

  it("spends the challenge: a replayed answer is refused", async () => {
    const { authenticator } = await registerForAlice();
    const response = await signInWith(authenticator);
    expect(await verifyPasskeySignIn(testDb.data, rp, response)).toMatchObject({ id: alice.id });
    expect(await verifyPasskeySignIn(testDb.data, rp, response)).toMatchObject({ refused: true });
  });

  it("lets only one of two simultaneous uses of one answer through", async () => {
    const { authenticator } = await registerForAlice();
    const response = await signInWith(authenticator);
    const outcomes = await Promise.all([1, 2].map(() => verifyPasskeySignIn(testDb.data, rp, response)));
    expect(outcomes.filter((outcome) => "refused" in outcome)).toHaveLength(1);
  });

  it.each([
    ["another origin", { origin: "https://evil.example" }],
    ["another RP ID", { rpId: "evil.example" }],
  ])("refuses an answer from %s", async (_, site) => {
    const { authenticator } = await registerForAlice();
    expect(await verifyPasskeySignIn(testDb.data, rp, await signInWith(authenticator, site))).toMatchObject({
      refused: true,
    });
  });

  it("refuses a counter that went backwards (a cloned authenticator), as the verifier decides", async () => {
    const { authenticator } = await registerForAlice();
    expect(await verifyPasskeySignIn(testDb.data, rp, await signInWith(authenticator, { counter: 5 }))).toMatchObject({
      id: alice.id,
    });
    expect(await verifyPasskeySignIn(testDb.data, rp, await signInWith(authenticator, { counter: 3 }))).toMatchObject({
      refused: true,
      reason: expect.stringContaining("counter"),
    });
    // The stored counter stayed at 5: the next honest use (6) still works.
    expect(await verifyPasskeySignIn(testDb.data, rp, await signInWith(authenticator, { counter: 6 }))).toMatchObject({
      id: alice.id,
    });
  });

  it("refuses a passkey nobody registered, and a signature by another key", async () => {
    const stranger = createSoftwareAuthenticator(appUrl);
    expect(await verifyPasskeySignIn(testDb.data, rp, await signInWith(stranger))).toMatchObject({ refused: true });

    const { authenticator } = await registerForAlice();
    const forged = await signInWith(stranger);
    const genuine = await signInWith(authenticator);
    // The registered passkey's id, with a signature the stranger's key made.
    const response = { ...forged, id: genuine.id, rawId: genuine.rawId };
    expect(await verifyPasskeySignIn(testDb.data, rp, response)).toMatchObject({ refused: true });
  });

  it("is limited per address when asking for options", async () => {
    const limited = await setupRouterTest({ limits: { passkeyChallengesPerIp: { points: 2, durationSeconds: 60 } } });
    await limited.as.anonymous.passkey.signInOptions();
    await limited.as.anonymous.passkey.signInOptions();
    await expect(limited.as.anonymous.passkey.signInOptions()).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });
});

describe("managing passkeys", () => {
  it("renames and removes your own passkeys only", async () => {
    const { authenticator, passkey } = await registerForAlice("Old name");
    await expect(as.bob.passkey.rename({ id: passkey.id, name: "Mine now" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(as.alice.passkey.rename({ id: passkey.id, name: "New name" })).resolves.toMatchObject({
      name: "New name",
    });
    await expect(as.bob.passkey.remove({ id: passkey.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.alice.passkey.remove({ id: passkey.id })).resolves.toEqual({ id: passkey.id });
    expect((await as.alice.passkey.list()).map((p) => p.id)).not.toContain(passkey.id);
    // A removed passkey signs nobody in.
    expect(await verifyPasskeySignIn(testDb.data, rp, await signInWith(authenticator))).toMatchObject({
      refused: true,
    });
  });

  it("is for browser sessions only: an API token gets FORBIDDEN, a visitor UNAUTHORIZED", async () => {
    const viaToken = callerFor({ ...bob, via: "read-write-token" });
    await expect(viaToken.passkey.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viaToken.passkey.registrationOptions()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as.anonymous.passkey.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(as.anonymous.passkey.registrationOptions()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("needs a sign-in within 10 minutes, and the second factor when two-factor is on", async () => {
    const authenticator = createSoftwareAuthenticator(appUrl);
    const stale = callerFor(signedIn(alice, 11));
    await expect(stale.passkey.registrationOptions()).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Sign in again to add a passkey",
    });
    // An answer to a fresh session's challenge, sent from a stale one, is refused too.
    const response = authenticator.register(await as.alice.passkey.registrationOptions());
    await expect(stale.passkey.register({ response })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // A session whose sign-in time is unknown is not recent.
    await expect(callerFor(alice).passkey.registrationOptions()).rejects.toMatchObject({ code: "FORBIDDEN" });

    const user = await testDb.data.users.create({ email: "passkey-guarded@example.com", name: "Guarded" });
    const guarded = { id: user.id, name: user.name, role: user.role, via: "session" as const };
    const secret = newTotpSecret();
    await testDb.data.twoFactor.begin({ userId: user.id, secret });
    await testDb.data.twoFactor.enable({ userId: user.id, secret, step: 0, recoveryCodeHashes: [] });
    await expect(callerFor(signedIn(guarded)).passkey.registrationOptions()).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Sign in again with your two-factor code to add a passkey",
    });
    const withCode = callerFor(signedIn(guarded, 0, true));
    const options = await withCode.passkey.registrationOptions();
    await expect(withCode.passkey.register({ response: authenticator.register(options) })).resolves.toMatchObject({
      name: "Passkey on this device",
    });
  });
});
