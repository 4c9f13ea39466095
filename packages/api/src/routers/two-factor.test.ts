import {
  checkSignIn,
  hashPassword,
  SESSION_MAX_AGE_SECONDS,
  signInSettled,
  signInWrongSecondFactor,
  totpStep,
} from "@trellis/auth";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";

import type { Logger } from "../logger";
import { limitPasswordCheck } from "../rate-limit";
import { setupRouterTest } from "../testing";
import type { Viewer } from "../trpc";

const { testDb, rateLimits, alice, bob, ada, callerFor, as } = await setupRouterTest();
const data = testDb.data;

const STEP_MS = 30_000;

/** The code an authenticator app shows for `secret` (as the settings page prints it), `steps` steps from now. */
function codeFor(secret: string, steps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, "")), digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + steps * STEP_MS });
}

/** A browser session of `viewer`, with an id, as authenticateRequest names one. */
function inSession(viewer: Viewer, secondFactor = false): Viewer {
  const expiresAt = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  return { ...viewer, secondFactor, session: { id: crypto.randomUUID(), signedInAt: new Date(), expiresAt } };
}

/** A user with a password, turned on two-factor from `session`; the secret as shown, and the recovery codes. */
async function userWithTwoFactor(email: string) {
  const user = await data.accounts.signUp({
    email,
    name: email,
    passwordHash: await hashPassword("a long passphrase"),
  });
  if (!user) throw new Error("sign-up failed");
  const session = inSession({ id: user.id, name: user.name, role: user.role, via: "session" });
  const caller = callerFor(session);
  const { secret } = await caller.twoFactor.begin();
  const { recoveryCodes } = await caller.twoFactor.confirm({ code: codeFor(secret) });
  return { user, session, caller, secret, recoveryCodes };
}

describe("turning two-factor on", () => {
  it("shows a QR code and the secret, and is on only once a code from it is confirmed", async () => {
    const session = inSession(alice);
    const caller = callerFor(session);
    const setup = await caller.twoFactor.begin();
    expect(setup.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(setup.secret.replace(/\s/g, "")).toMatch(/^[A-Z2-7]{32}$/);
    expect(await caller.twoFactor.status()).toEqual({ enabled: false, recoveryCodesLeft: 0 });

    await expect(caller.twoFactor.confirm({ code: "000000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const { recoveryCodes } = await caller.twoFactor.confirm({ code: codeFor(setup.secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await caller.twoFactor.status()).toEqual({ enabled: true, recoveryCodesLeft: 10 });
    await expect(caller.twoFactor.begin()).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("reads the confirming code as sign-in does: spaces and dashes dropped", async () => {
    const user = await data.users.create({ email: "dashes@example.com", name: "Dashes" });
    const caller = callerFor(inSession({ id: user.id, name: user.name, role: user.role, via: "session" }));
    const { secret } = await caller.twoFactor.begin();
    const code = codeFor(secret);
    const { recoveryCodes } = await caller.twoFactor.confirm({ code: `${code.slice(0, 3)}-${code.slice(3)}` });
    expect(recoveryCodes).toHaveLength(10);
  });

  it("counts the session that confirmed it as having passed a second factor, and no other", async () => {
    const { user, session } = await userWithTwoFactor("confirmer@example.com");
    const sessionId = session.session?.id ?? "";
    expect(await data.sessions.user({ userId: user.id, sessionId })).toMatchObject({ markedSecondFactor: true });
    expect(await data.sessions.user({ userId: user.id, sessionId: "another" })).toMatchObject({
      markedSecondFactor: false,
    });
  });

  it("starting again replaces a pending secret: a code of the old one no longer confirms", async () => {
    const caller = callerFor(inSession(bob));
    const first = await caller.twoFactor.begin();
    const second = await caller.twoFactor.begin();
    await expect(caller.twoFactor.confirm({ code: codeFor(first.secret) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.twoFactor.confirm({ code: codeFor(second.secret) })).resolves.toBeDefined();
    await caller.twoFactor.disable({ code: codeFor(second.secret, 1) });
  });
});

describe("codes", () => {
  it("are accepted one step either side of now, not two", () => {
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const now = Date.now();
    const step = Math.floor(now / STEP_MS);
    for (const offset of [-1, 0, 1]) expect(totpStep(secret, codeFor(secret, offset), now)).toBe(step + offset);
    for (const offset of [-2, 2]) expect(totpStep(secret, codeFor(secret, offset), now)).toBeNull();
  });

  it("cannot be replayed: an accepted code, or an earlier one, is refused", async () => {
    const { caller, secret } = await userWithTwoFactor("replay@example.com");
    // The confirming code's step is used: the same code cannot turn two-factor off, nor the one before it.
    await expect(caller.twoFactor.disable({ code: codeFor(secret) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.twoFactor.disable({ code: codeFor(secret, -1) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const next = codeFor(secret, 1);
    await expect(caller.twoFactor.regenerateRecoveryCodes({ code: next })).resolves.toMatchObject({
      recoveryCodes: expect.any(Array),
    });
    await expect(caller.twoFactor.disable({ code: next })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a recovery code works once", async () => {
    const { caller, recoveryCodes } = await userWithTwoFactor("recovery@example.com");
    const [code] = recoveryCodes;
    const fresh = await caller.twoFactor.regenerateRecoveryCodes({ code: code ?? "" });
    // Regenerating replaced every code, the one spent included.
    await expect(caller.twoFactor.disable({ code: recoveryCodes[1] ?? "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const [next] = fresh.recoveryCodes;
    // Typed in upper case without its dashes, it is the same code.
    await expect(caller.twoFactor.disable({ code: (next ?? "").replace(/-/g, "").toUpperCase() })).resolves.toEqual({
      ok: true,
    });
    expect(await caller.twoFactor.status()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
  });

  it("at sign-in: none asked while two-factor is off; with it on, the password alone is not enough", async () => {
    const { user, secret, recoveryCodes } = await userWithTwoFactor("signin@example.com");
    const credentials = { email: user.email, password: "a long passphrase" };
    expect(await checkSignIn(data, credentials)).toEqual({ secondFactorRequired: true });
    expect(await checkSignIn(data, { ...credentials, code: "123456" })).toEqual({ wrongSecondFactor: true });
    expect(await checkSignIn(data, { ...credentials, code: codeFor(secret, 1) })).toMatchObject({
      user: { id: user.id },
      secondFactor: "totp",
    });
    const recovery = recoveryCodes[2] ?? "";
    expect(await checkSignIn(data, { ...credentials, code: recovery })).toMatchObject({
      secondFactor: "recovery-code",
    });
    expect(await checkSignIn(data, { ...credentials, code: recovery })).toEqual({ wrongSecondFactor: true });
    // A wrong password with a right code is still a wrong password.
    expect(await checkSignIn(data, { ...credentials, password: "wrong", code: recoveryCodes[3] })).toBeNull();
  });
});

describe("the sign-in lockout", () => {
  it("counts a wrong code at sign-in exactly as a wrong password; a missing one neither counts nor clears", async () => {
    const { user, secret } = await userWithTwoFactor("lockout@example.com");
    const credentials = { email: user.email, password: "a long passphrase" };
    const attempt = (input: { password: string; code?: string }) =>
      limitPasswordCheck(
        rateLimits,
        { email: user.email, ip: null },
        () => checkSignIn(data, { ...credentials, ...input }),
        {
          settled: signInSettled,
          secondFactorPresented: input.code !== undefined,
          secondFactorWrong: signInWrongSecondFactor,
        },
      );
    // Five failures lock the account (RATE_LIMITS.signInFailuresPerAccount): wrong passwords and wrong codes alike,
    // with password-only steps between them that must not start the count over.
    for (const input of [
      { password: "wrong" },
      { password: credentials.password, code: "111111" },
      { password: credentials.password },
      { password: "wrong" },
      { password: credentials.password, code: "222222" },
      { password: credentials.password },
    ]) {
      expect(await attempt(input)).toMatchObject({ refused: false });
    }
    // The password-only steps gave their points back: this is the fifth failure, still checked.
    await expect(attempt({ password: credentials.password, code: "444444" })).resolves.toMatchObject({
      refused: false,
      result: { wrongSecondFactor: true },
    });
    // The right code is not even checked now.
    expect(await attempt({ password: credentials.password, code: codeFor(secret, 1) })).toMatchObject({
      refused: true,
    });
    await rateLimits.reset("signInFailuresPerAccount", user.email);
    await rateLimits.reset("wrongSecondFactorsPerAccount", user.email);
  });

  it("refuses codes for a day after ten wrong ones following the right password, however slowly they come", async () => {
    const { user, secret } = await userWithTwoFactor("slow-walk@example.com");
    const credentials = { email: user.email, password: "a long passphrase" };
    const attempt = (input: { password: string; code?: string }) =>
      limitPasswordCheck(
        rateLimits,
        { email: user.email, ip: null },
        () => checkSignIn(data, { ...credentials, ...input }),
        {
          settled: signInSettled,
          secondFactorPresented: input.code !== undefined,
          secondFactorWrong: signInWrongSecondFactor,
        },
      );
    // Wrong passwords, right codes and password-only steps spend nothing of the daily budget.
    expect(await attempt({ password: "wrong", code: "123456" })).toMatchObject({ refused: false, result: null });
    expect(await attempt({ password: credentials.password })).toMatchObject({ refused: false });
    // Ten wrong codes, the 15-minute lockout cleared between them as its window would end.
    for (let i = 0; i < 10; i++) {
      expect(await attempt({ password: credentials.password, code: String(100000 + i) })).toMatchObject({
        refused: false,
        result: { wrongSecondFactor: true },
      });
      await rateLimits.reset("signInFailuresPerAccount", user.email);
    }
    // The next step's code (this step's was spent confirming the set-up) is right, and refused unchecked.
    const refused = await attempt({ password: credentials.password, code: codeFor(secret, 1) });
    expect(refused).toMatchObject({ refused: true });
    expect(refused.refused && refused.retryAfterSeconds).toBeGreaterThan(23 * 60 * 60);
    // The password step alone still answers (it asks for a code), and a passkey is another way in.
    expect(await attempt({ password: credentials.password })).toMatchObject({ result: { secondFactorRequired: true } });
    await rateLimits.reset("wrongSecondFactorsPerAccount", user.email);
    expect(await attempt({ password: credentials.password, code: codeFor(secret, 1) })).toMatchObject({
      result: { secondFactor: "totp" },
    });
  });

  it("counts wrong codes in settings towards the same lockout", async () => {
    const { user, caller, secret } = await userWithTwoFactor("settings-lockout@example.com");
    for (let i = 0; i < 5; i++) {
      await expect(caller.twoFactor.disable({ code: "000000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(caller.twoFactor.disable({ code: codeFor(secret, 1) })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    await rateLimits.reset("signInFailuresPerAccount", user.email);
    await expect(caller.twoFactor.disable({ code: codeFor(secret, 1) })).resolves.toEqual({ ok: true });
  });
});

describe("API tokens with two-factor on", () => {
  it("are created only from a session that passed the second factor", async () => {
    const { user } = await userWithTwoFactor("tokens@example.com");
    const viewer: Viewer = { id: user.id, name: user.name, role: user.role, via: "session" };
    const input = { name: "CLI", scope: "read" as const, expiresInDays: 30 };
    await expect(callerFor(inSession(viewer)).apiToken.create(input)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Sign in again with your two-factor code to create a token",
    });
    await expect(callerFor(inSession(viewer, true)).apiToken.create(input)).resolves.toMatchObject({
      token: { name: "CLI" },
    });
  });

  it("are created as before by a user without two-factor", async () => {
    await expect(as.ada.apiToken.create({ name: "CLI", scope: "read", expiresInDays: 30 })).resolves.toBeDefined();
  });
});

describe("an admin", () => {
  it("sees who has two-factor on and can reset it, in an audit line naming who did it to whom", async () => {
    const { user, caller } = await userWithTwoFactor("lost-phone@example.com");
    const lines: { fields: object; message: string }[] = [];
    const capture: Logger = {
      info: (fields, message) => lines.push({ fields, message }),
      warn() {},
      error() {},
      child: () => capture,
    };
    const admin = callerFor(ada, null, undefined, capture);
    const listed = await admin.admin.users({ search: "lost-phone" });
    expect(listed.items).toEqual([expect.objectContaining({ id: user.id, twoFactor: true })]);

    await expect(as.alice.admin.resetTwoFactor({ userId: user.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.admin.resetTwoFactor({ userId: user.id })).resolves.toEqual({ id: user.id, twoFactor: false });
    expect(await caller.twoFactor.status()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    expect((await admin.admin.users({ search: "lost-phone" })).items[0]).toMatchObject({ twoFactor: false });
    expect(lines).toContainEqual({
      fields: { audit: { action: "two-factor.reset", actorId: ada.id, targetId: user.id, wasOn: true } },
      message: "admin reset a user's two-factor",
    });
  });

  it("resets from a browser session that passed two-factor, never their own, and ends the target's sessions", async () => {
    const { user, caller } = await userWithTwoFactor("stolen-phone@example.com");
    const before = await data.users.byId(user.id);
    await expect(
      callerFor({ ...ada, via: "read-write-token" }).admin.resetTwoFactor({ userId: user.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as.ada.admin.resetTwoFactor({ userId: ada.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Turn your own two-factor off in Settings",
    });

    // An admin with two-factor on acts only from a session that passed it.
    const admin = await userWithTwoFactor("guarded-admin@example.com");
    await data.users.setRole({ id: admin.user.id, role: "admin" });
    const adminViewer: Viewer = { id: admin.user.id, name: admin.user.name, role: "admin", via: "session" };
    await expect(callerFor(inSession(adminViewer)).admin.resetTwoFactor({ userId: user.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await caller.twoFactor.status()).toMatchObject({ enabled: true });

    await expect(callerFor(inSession(adminViewer, true)).admin.resetTwoFactor({ userId: user.id })).resolves.toEqual({
      id: user.id,
      twoFactor: false,
    });
    // The target's sessions carry the old session version: every one of them is over.
    expect((await data.users.byId(user.id))?.sessionVersion).toBe((before?.sessionVersion ?? 0) + 1);
  });
});

describe("two-factor procedures", () => {
  it("are refused to API tokens, whatever their scope", async () => {
    const token = callerFor({ ...alice, via: "read-write-token" });
    await expect(token.twoFactor.status()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(token.twoFactor.begin()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(token.twoFactor.confirm({ code: "123456" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(token.twoFactor.disable({ code: "123456" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(token.twoFactor.regenerateRecoveryCodes({ code: "123456" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
