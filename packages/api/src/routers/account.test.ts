import { checkCredentials, hashPassword } from "@trellis/auth";
import { describe, expect, it } from "vitest";

import { setupRouterTest } from "../test-utils";

const { as, testDb, mailer, runJobs, callerFor, bob } = await setupRouterTest();
const { data } = testDb;

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
});
