import { checkCredentials, hashPassword, newToken } from "@trellis/auth";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { ZodError, z } from "zod";

import { setupRouterTest } from "../testing";

const { as, testDb, mailer, runJobs, callerFor, ada, bob, rateLimits } = await setupRouterTest();
const { data } = testDb;

/** The field errors a form would show for a refused call (the error formatter sends the same), or why there are none. */
async function fieldErrorsOf(call: Promise<unknown>): Promise<unknown> {
  const error = await call.then(
    () => "accepted",
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof TRPCError)) return error;
  if (error.code !== "BAD_REQUEST" || !(error.cause instanceof ZodError)) return error.code;
  return z.flattenError(error.cause).fieldErrors;
}

const weakPasswords = ["password12", " ".repeat(10)];
const refusedBeside = (field: string) => ({ [field]: [expect.stringMatching(/common or easy to guess|only spaces/)] });

describe("account.signUp", () => {
  it("creates a user who can sign in with that password", async () => {
    const user = await as.anonymous.account.signUp({
      name: "Nia",
      email: "Nia@Example.com",
      password: "a long password",
    });
    expect(user).toMatchObject({ name: "Nia", email: "nia@example.com" });
    expect(await checkCredentials(data, { email: "nia@example.com", password: "a long password" })).toMatchObject({
      id: user.id,
    });
  });

  it("queues one welcome email, sent by the worker, not the request", async () => {
    await runJobs(); // the welcome of the account above
    mailer.sent.length = 0;
    await as.anonymous.account.signUp({ name: "Wes", email: "wes@example.com", password: "a long password" });
    expect(mailer.sent).toEqual([]);
    await runJobs();
    expect(mailer.sent).toEqual([expect.objectContaining({ to: "wes@example.com", subject: "Welcome to Trellis" })]);
    await runJobs();
    expect(mailer.sent).toHaveLength(1);
  });

  it("names each bad field, and refuses a taken email with CONFLICT", async () => {
    await expect(as.anonymous.account.signUp({ name: "", email: "x", password: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      as.anonymous.account.signUp({ name: "Nia 2", email: "nia@example.com", password: "a long password" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("weak passwords", () => {
  it.each(weakPasswords)("sign-up refuses %j beside the password field, and creates no account", async (password) => {
    const email = `weak${password.trim().length}@example.com`;
    expect(await fieldErrorsOf(as.anonymous.account.signUp({ name: "Weak", email, password }))).toEqual(
      refusedBeside("password"),
    );
    expect(await data.users.byEmail(email)).toBeUndefined();
  });

  it.each(weakPasswords)("a password change refuses %j beside the new password field", async (newPassword) => {
    const user = await data.accounts.signUp({
      email: `change-weak${newPassword.trim().length}@example.com`,
      name: "Changer",
      passwordHash: await hashPassword("old password!"),
    });
    const caller = callerFor({ id: user?.id ?? "", name: "Changer", role: "user", via: "session" });
    expect(
      await fieldErrorsOf(caller.account.changePassword({ currentPassword: "old password!", newPassword })),
    ).toEqual(refusedBeside("newPassword"));
    expect(await checkCredentials(data, { email: user?.email ?? "", password: "old password!" })).not.toBeNull();
    expect(
      await fieldErrorsOf(
        caller.account.changePassword({ currentPassword: "old password!", newPassword: "a much better one" }),
      ),
    ).toBe("accepted");
  });

  it.each(weakPasswords)("a reset refuses %j beside the password field, and the link still works", async (password) => {
    const user = await data.users.create({
      email: `reset-weak${password.trim().length}@example.com`,
      name: "Resetter",
    });
    const { token, tokenHash } = newToken();
    await data.passwordResets.create({ userId: user.id, tokenHash, expiresAt: new Date(Date.now() + 60_000) });
    expect(await fieldErrorsOf(as.anonymous.account.resetPassword({ token, password }))).toEqual(
      refusedBeside("password"),
    );
    expect(await fieldErrorsOf(as.anonymous.account.resetPassword({ token, password: "a much better one" }))).toBe(
      "accepted",
    );
  });

  it("sign-up accepts a strong one", async () => {
    const signUp = as.anonymous.account.signUp({
      name: "Strong",
      email: "strong@example.com",
      password: "a much better one",
    });
    expect(await fieldErrorsOf(signUp)).toBe("accepted");
    await runJobs(); // its welcome email, so the tests below count only their own
  });

  it("a wrong current password is reported beside its own field", async () => {
    const user = await data.accounts.signUp({
      email: "field@example.com",
      name: "Field",
      passwordHash: await hashPassword("old password!"),
    });
    const caller = callerFor({ id: user?.id ?? "", name: "Field", role: "user", via: "session" });
    const change = caller.account.changePassword({
      currentPassword: "not it at all",
      newPassword: "a much better one",
    });
    expect(await fieldErrorsOf(change)).toEqual({ currentPassword: ["That is not your current password"] });
  });
});

describe("changing your password", () => {
  it("needs the current password, then ends every session", async () => {
    const user = await data.accounts.signUp({
      email: "chg@example.com",
      name: "Chg",
      passwordHash: await hashPassword("old password!"),
    });
    const caller = callerFor({ id: user?.id ?? "", name: "Chg", role: "user", via: "session" });

    await expect(
      caller.account.changePassword({ currentPassword: "wrong password", newPassword: "new password!" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "That is not your current password" });

    await caller.account.changePassword({ currentPassword: "old password!", newPassword: "new password!" });
    expect(await checkCredentials(data, { email: "chg@example.com", password: "new password!" })).not.toBeNull();
    expect(await checkCredentials(data, { email: "chg@example.com", password: "old password!" })).toBeNull();
    expect((await data.users.byId(user?.id ?? ""))?.sessionVersion).toBe(1);
  });
});

describe("the sign-in lockout (RATE_LIMITS.signInFailuresPerAccount)", () => {
  /** A new account with a session, and whether its sign-in is locked right now (asking spends a point, as a sign-in would). */
  async function withSession(email: string, password: string) {
    const user = await data.accounts.signUp({ email, name: email, passwordHash: await hashPassword(password) });
    const caller = callerFor({ id: user?.id ?? "", name: email, role: "user", via: "session" });
    return { caller, signInLocked: async () => !(await rateLimits.consume("signInFailuresPerAccount", email)).allowed };
  }

  it("counts wrong current passwords in changePassword, then refuses to check even the right one", async () => {
    const { caller, signInLocked } = await withSession("guessed@example.com", "old password!");
    const wrong = () => caller.account.changePassword({ currentPassword: "a guess", newPassword: "new password!" });
    // Four wrong, then the right one: the count starts over.
    for (let i = 0; i < 4; i++) await expect(wrong()).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await caller.account.changePassword({ currentPassword: "old password!", newPassword: "new password!" });
    for (let i = 0; i < 5; i++) await expect(wrong()).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const refused = caller.account.changePassword({ currentPassword: "new password!", newPassword: "third password" });
    await expect(refused).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/^Too many wrong passwords\. Try again in 15 minutes\.$/),
      cause: expect.objectContaining({ limit: "signInFailuresPerAccount" }),
    });
    expect(await checkCredentials(data, { email: "guessed@example.com", password: "new password!" })).not.toBeNull();
    // The same lockout as sign-in: the guesses spent the account's sign-in failures too.
    expect(await signInLocked()).toBe(true);
  });

  it("is refused by changePassword while sign-in failures hold the account locked", async () => {
    const { caller } = await withSession("locked@example.com", "old password!");
    for (let i = 0; i < 5; i++) await rateLimits.consume("signInFailuresPerAccount", "locked@example.com");
    await expect(
      caller.account.changePassword({ currentPassword: "old password!", newPassword: "new password!" }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("is cleared by a password reset: proof of the mailbox signs its owner in at once", async () => {
    const email = "kept-out@example.com";
    const { signInLocked } = await withSession(email, "forgotten one");
    // Someone failed five times on purpose.
    for (let i = 0; i < 5; i++) await rateLimits.consume("signInFailuresPerAccount", email);
    expect(await signInLocked()).toBe(true);

    mailer.sent.length = 0;
    await callerFor(null, null, "198.51.100.70").account.requestPasswordReset({ email });
    await runJobs();
    const token = mailer.sent[0]?.text.match(/reset-password\?token=([\w-]{43})/)?.[1] ?? "";
    await callerFor(null, null, "198.51.100.70").account.resetPassword({ token, password: "remembered now" });

    expect(await signInLocked()).toBe(false);
    expect(await checkCredentials(data, { email, password: "remembered now" })).not.toBeNull();
  });
});

describe("account management with an API token", () => {
  it("is refused, even for a read-write token: FORBIDDEN, and nothing changes", async () => {
    const user = await data.accounts.signUp({
      email: "leaked@example.com",
      name: "Leaked",
      passwordHash: await hashPassword("old password!"),
    });
    const token = callerFor({ id: user?.id ?? "", name: "Leaked", role: "user", via: "read-write-token" });
    const forbidden = { code: "FORBIDDEN", message: "Manage your account from a signed-in browser" };

    await expect(
      token.account.changePassword({ currentPassword: "old password!", newPassword: "new password!" }),
    ).rejects.toMatchObject(forbidden);
    await expect(token.account.signOutEverywhere()).rejects.toMatchObject(forbidden);
    await expect(
      token.apiToken.create({ name: "More", scope: "read-write", expiresInDays: null }),
    ).rejects.toMatchObject(forbidden);
    expect(await checkCredentials(data, { email: "leaked@example.com", password: "old password!" })).not.toBeNull();
    expect((await data.users.byId(user?.id ?? ""))?.sessionVersion).toBe(0);
  });
});

describe("signing out everywhere", () => {
  it("bumps the session version", async () => {
    const before = (await data.users.byId(bob.id))?.sessionVersion ?? -1;
    await as.bob.account.signOutEverywhere();
    expect((await data.users.byId(bob.id))?.sessionVersion).toBe(before + 1);
  });
});

describe("password reset", () => {
  it("mails a single-use link that sets a new password", async () => {
    await data.accounts.signUp({
      email: "lost@example.com",
      name: "Lost",
      passwordHash: await hashPassword("forgotten one"),
    });
    mailer.sent.length = 0;

    expect(await as.anonymous.account.requestPasswordReset({ email: "lost@example.com" })).toEqual({ ok: true });
    // The request only queued it: the worker sends it.
    expect(mailer.sent).toEqual([]);
    await runJobs();
    expect(mailer.sent).toHaveLength(1);
    const link = mailer.sent[0]?.text.match(/http:\/\/trellis\.test\/reset-password\?token=([\w-]{43})/);
    const token = link?.[1] ?? "";
    expect(token).toHaveLength(43);

    await as.anonymous.account.resetPassword({ token, password: "remembered now" });
    expect(await checkCredentials(data, { email: "lost@example.com", password: "remembered now" })).not.toBeNull();
    await expect(as.anonymous.account.resetPassword({ token, password: "a third one!" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("answers an unknown email exactly as a known one, and sends nothing", async () => {
    mailer.sent.length = 0;
    expect(await as.anonymous.account.requestPasswordReset({ email: "nobody@example.com" })).toEqual({ ok: true });
    await runJobs();
    expect(mailer.sent).toEqual([]);
  });
});

describe("account.checkPasswordReset", () => {
  async function issuedToken(email: string, expiresInMs = 60_000) {
    const user = await data.accounts.signUp({
      email,
      name: "Checker",
      passwordHash: await hashPassword("forgotten one"),
    });
    const { token, tokenHash } = newToken();
    await data.passwordResets.create({
      userId: user?.id ?? "",
      tokenHash,
      expiresAt: new Date(Date.now() + expiresInMs),
    });
    return token;
  }

  it("says a fresh link is valid, names nobody, and leaves it usable", async () => {
    const token = await issuedToken("check-fresh@example.com");
    expect(await as.anonymous.account.checkPasswordReset({ token })).toEqual({ valid: true });
    expect(await as.anonymous.account.checkPasswordReset({ token })).toEqual({ valid: true });
    await as.anonymous.account.resetPassword({ token, password: "remembered now" });
    expect(
      await checkCredentials(data, { email: "check-fresh@example.com", password: "remembered now" }),
    ).not.toBeNull();
  });

  it("says a used link is invalid", async () => {
    const token = await issuedToken("check-used@example.com");
    await as.anonymous.account.resetPassword({ token, password: "remembered now" });
    expect(await as.anonymous.account.checkPasswordReset({ token })).toEqual({ valid: false });
  });

  it("says an expired link is invalid", async () => {
    const token = await issuedToken("check-expired@example.com", -1);
    expect(await as.anonymous.account.checkPasswordReset({ token })).toEqual({ valid: false });
  });

  it.each([
    ["made up, in a token's shape", newToken().token],
    ["mangled", "not a token at all"],
    ["empty", ""],
  ])("says a %s link is invalid, without refusing its input", async (_, token) => {
    expect(await as.anonymous.account.checkPasswordReset({ token })).toEqual({ valid: false });
  });

  it("refuses an absurdly long token as input", async () => {
    await expect(as.anonymous.account.checkPasswordReset({ token: "x".repeat(201) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("admin", () => {
  it("lists and searches users, without session versions", async () => {
    const page = await as.ada.admin.users({ search: "BOB" });
    expect(page.items).toEqual([expect.objectContaining({ email: "bob@example.com", role: "user" })]);
    expect(page.items[0]).not.toHaveProperty("sessionVersion");
  });

  it("changes someone's role, but never their own", async () => {
    await expect(as.ada.admin.setRole({ userId: bob.id, role: "admin" })).resolves.toEqual({
      id: bob.id,
      role: "admin",
    });
    await as.ada.admin.setRole({ userId: bob.id, role: "user" });
    const me = await as.ada.account.me();
    await expect(as.ada.admin.setRole({ userId: me?.id ?? "", role: "user" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("changes roles from a browser session only: an admin's token, even read-write, cannot make anyone an admin", async () => {
    await expect(
      callerFor({ ...ada, via: "read-write-token" }).admin.setRole({ userId: bob.id, role: "admin" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: "Manage accounts from a signed-in browser" });
    expect((await as.ada.admin.users({ search: "BOB" })).items[0]).toMatchObject({ role: "user" });
  });
});
