import { type Cursor, decodeCursor, type Page } from "@trellis/validators";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

import { createTestDatabase, MISSING_ID } from "../testing";
import type { PostView, User } from "./types";

/**
 * The data layer's behaviour, on whichever dialect this run is for
 * (TRELLIS_TEST_DIALECT): the same assertions hold on SQLite and Postgres.
 */
const database = await createTestDatabase();
const { data, queries } = database;
afterAll(() => database.close());

const writer = await data.users.create({ email: "writer@example.com", name: "Writer" });
const reader = await data.users.create({ email: "reader@example.com", name: "Reader" });

describe("the feed query", () => {
  it("returns author, counts and the viewer's like", async () => {
    const post = await data.posts.create({ title: "Counted", body: "…", authorId: writer.id });
    await data.likes.set({ postId: post.id, userId: reader.id, liked: true });
    await data.comments.create({ postId: post.id, body: "Nice", authorId: reader.id });
    await data.comments.create({ postId: post.id, body: "Thanks", authorId: writer.id });

    const asReader = await data.posts.list({ viewerId: reader.id, limit: 10 });
    expect(asReader.items[0]).toMatchObject({
      id: post.id,
      author: { id: writer.id, name: "Writer" },
      likeCount: 1,
      commentCount: 2,
      viewerHasLiked: true,
    });
    expect(asReader.items[0]?.createdAt).toBeInstanceOf(Date);

    const anonymous = await data.posts.list({ viewerId: null, limit: 10 });
    expect(anonymous.items[0]).toMatchObject({ id: post.id, viewerHasLiked: false });
  });

  it("is a constant number of statements whatever the page size: one", async () => {
    for (let i = 0; i < 50; i++) {
      const post = await data.posts.create({ title: `Filler ${i}`, body: "…", authorId: writer.id });
      if (i % 3 === 0) await data.likes.set({ postId: post.id, userId: reader.id, liked: true });
      if (i % 4 === 0) await data.comments.create({ postId: post.id, body: "+1", authorId: reader.id });
    }
    const statementsFor = async (limit: number) => {
      queries.length = 0;
      const page = await data.posts.list({ viewerId: reader.id, limit });
      expect(page.items).toHaveLength(limit);
      return queries.length;
    };
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    expect(five).toBe(fifty);
    expect(fifty).toBe(1);
  });

  it("binds every value as a parameter, never into the SQL text", async () => {
    const hostile = "x' or '1'='1";
    queries.length = 0;
    await data.posts.list({ viewerId: hostile, limit: 10 });
    expect(queries.join("\n")).not.toContain(hostile);
  });

  it("pages without repeats or gaps when many posts share a timestamp", async () => {
    // Posts created within one millisecond tie on createdAt: the id breaks the tie.
    const all = await data.posts.list({ viewerId: null, limit: 200 });
    const seen: string[] = [];
    let cursor: Cursor | null = null;
    do {
      const page: Page<PostView> = await data.posts.list({ viewerId: null, limit: 7, cursor });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ? decodeCursor(page.nextCursor) : null;
    } while (cursor);
    expect(seen).toEqual(all.items.map((p) => p.id));
  });
});

describe("posts", () => {
  it("are written unedited (updatedAt is createdAt); an edit moves updatedAt on, a like or comment does not", async () => {
    const post = await data.posts.create({ title: "Fresh", body: "…", authorId: writer.id });
    expect(post.updatedAt.getTime()).toBe(post.createdAt.getTime());

    await data.likes.set({ postId: post.id, userId: reader.id, liked: true });
    await data.comments.create({ postId: post.id, body: "Nice", authorId: reader.id });
    const touched = await data.posts.byId({ id: post.id, viewerId: null });
    expect(touched?.updatedAt.getTime()).toBe(post.createdAt.getTime());

    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await data.posts.update({ id: post.id, title: "Fresh, edited", body: "…", viewerId: writer.id });
    const edited = updated?.post;
    expect(edited?.createdAt.getTime()).toBe(post.createdAt.getTime());
    expect(edited?.updatedAt.getTime()).toBeGreaterThan(post.createdAt.getTime());
    // The edit is what the UPDATE wrote, as RETURNING gave it back.
    expect(updated?.edit).toEqual({ id: post.id, title: "Fresh, edited", body: "…", updatedAt: edited?.updatedAt });
    const [listed] = (await data.posts.list({ viewerId: null, limit: 1 })).items;
    expect(listed).toMatchObject({ id: post.id, updatedAt: edited?.updatedAt });
  });

  it("edits only the fields given: a field left out keeps its value", async () => {
    const post = await data.posts.create({ title: "Whole", body: "Body kept", authorId: writer.id });
    const retitled = await data.posts.update({ id: post.id, title: "Retitled", viewerId: writer.id });
    expect(retitled?.post).toMatchObject({ title: "Retitled", body: "Body kept" });
    expect(retitled?.edit).toMatchObject({ title: "Retitled", body: "Body kept" });
    // Only the given field is compared: the same title again writes nothing.
    const again = await data.posts.update({ id: post.id, title: "Retitled", viewerId: writer.id });
    expect(again?.edit).toBeNull();
  });

  it("does not write an edit that changes nothing: updatedAt stays, and no edit is returned", async () => {
    const post = await data.posts.create({ title: "Still", body: "Same", authorId: writer.id });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await data.posts.update({ id: post.id, title: "Still", body: "Same", viewerId: writer.id });
    expect(updated).toEqual({ post, edit: null });
    expect((await data.posts.byId({ id: post.id, viewerId: null }))?.updatedAt).toEqual(post.updatedAt);
    expect(await data.posts.update({ id: MISSING_ID, title: "x", body: "y", viewerId: writer.id })).toBeUndefined();
  });
});

describe("cascades and foreign keys", () => {
  it("deletes a post with its comments and likes", async () => {
    const post = await data.posts.create({ title: "Doomed", body: "…", authorId: writer.id });
    await data.likes.set({ postId: post.id, userId: reader.id, liked: true });
    const comment = await data.comments.create({ postId: post.id, body: "Bye", authorId: reader.id });
    expect(await data.posts.authorId(post.id)).toBe(writer.id);
    expect(await data.comments.authorId(comment?.id ?? "")).toBe(reader.id);

    expect(await data.posts.delete({ id: post.id })).toEqual({ id: post.id });

    expect(await data.posts.byId({ id: post.id, viewerId: null })).toBeUndefined();
    expect(await data.posts.authorId(post.id)).toBeUndefined();
    expect(await data.comments.authorId(comment?.id ?? "")).toBeUndefined();
    expect(await data.likes.set({ postId: post.id, userId: reader.id, liked: true })).toBeUndefined();
  });

  it("refuses a comment on a post that does not exist, through the foreign key", async () => {
    expect(await data.comments.create({ postId: MISSING_ID, body: "Hello?", authorId: reader.id })).toBeUndefined();
  });
});

describe("comments", () => {
  it("finds one by id, with its author", async () => {
    const post = await data.posts.create({ title: "Commented", body: "…", authorId: writer.id });
    const comment = await data.comments.create({ postId: post.id, body: "First", authorId: reader.id });
    expect(comment).toBeDefined();
    expect(await data.comments.byId(comment?.id ?? "")).toEqual(comment);
    expect(await data.comments.byId(MISSING_ID)).toBeUndefined();
  });

  it("edits the body and keeps the rest", async () => {
    const post = await data.posts.create({ title: "Edited thread", body: "…", authorId: writer.id });
    const comment = await data.comments.create({ postId: post.id, body: "Tpyo", authorId: reader.id });
    const id = comment?.id ?? "";

    const updated = await data.comments.update({ id, body: "Typo" });
    expect(updated).toEqual({ comment: { ...comment, body: "Typo" }, changed: true });
    expect(await data.comments.byId(id)).toEqual(updated?.comment);
    expect(await data.comments.update({ id: MISSING_ID, body: "Nobody" })).toBeUndefined();
  });

  it("does not write an edit that changes nothing, and says so", async () => {
    const post = await data.posts.create({ title: "Same thread", body: "…", authorId: writer.id });
    const comment = await data.comments.create({ postId: post.id, body: "Same", authorId: reader.id });
    expect(await data.comments.update({ id: comment?.id ?? "", body: "Same" })).toEqual({ comment, changed: false });
  });
});

describe("likes", () => {
  it("sets a like on and off, saying whether anything changed, and counts right", async () => {
    const post = await data.posts.create({ title: "Liked", body: "…", authorId: writer.id });
    const set = (userId: string, liked: boolean) => data.likes.set({ userId, postId: post.id, liked });

    expect(await set(reader.id, true)).toEqual({ liked: true, likeCount: 1, changed: true });
    expect(await set(reader.id, true)).toEqual({ liked: true, likeCount: 1, changed: false });
    expect(await set(writer.id, true)).toEqual({ liked: true, likeCount: 2, changed: true });
    expect(await data.posts.byId({ id: post.id, viewerId: reader.id })).toMatchObject({
      likeCount: 2,
      viewerHasLiked: true,
    });

    expect(await set(reader.id, false)).toEqual({ liked: false, likeCount: 1, changed: true });
    expect(await set(reader.id, false)).toEqual({ liked: false, likeCount: 1, changed: false });
    expect(await data.posts.byId({ id: post.id, viewerId: reader.id })).toMatchObject({
      likeCount: 1,
      viewerHasLiked: false,
    });
  });

  it("is undefined for a post that does not exist, liking or unliking", async () => {
    expect(await data.likes.set({ userId: reader.id, postId: MISSING_ID, liked: true })).toBeUndefined();
    expect(await data.likes.set({ userId: reader.id, postId: MISSING_ID, liked: false })).toBeUndefined();
  });
});

describe("accounts", () => {
  it("signs up a user with a password account, once per email", async () => {
    const user = await data.accounts.signUp({ email: "new@example.com", name: "New", passwordHash: "hash-1" });
    expect(user).toMatchObject({ email: "new@example.com", name: "New", role: "user", sessionVersion: 0 });
    expect(await data.accounts.credentials("new@example.com")).toEqual({ user, passwordHash: "hash-1" });

    // Taken: no second user, and no stray account row from the failed attempt.
    expect(await data.accounts.signUp({ email: "new@example.com", name: "Again", passwordHash: "x" })).toBeUndefined();
    expect(await data.accounts.credentials("new@example.com")).toMatchObject({ passwordHash: "hash-1" });
    await expect(data.users.create({ email: "new@example.com", name: "Dup" })).rejects.toThrow();
  });

  it("has no credentials for a user without a password account", async () => {
    expect(await data.accounts.credentials("writer@example.com")).toBeUndefined();
    expect(await data.accounts.passwordHash(writer.id)).toBeUndefined();
  });

  it("sets a password and ends every session at once", async () => {
    const user = await data.accounts.signUp({ email: "pw@example.com", name: "Pw", passwordHash: "old" });
    await data.accounts.setPassword({ userId: user?.id ?? "", passwordHash: "new" });
    expect(await data.accounts.passwordHash(user?.id ?? "")).toBe("new");
    expect((await data.users.byId(user?.id ?? ""))?.sessionVersion).toBe(1);

    await data.users.revokeSessions(user?.id ?? "");
    expect((await data.users.byId(user?.id ?? ""))?.sessionVersion).toBe(2);
  });

  it("finds an OAuth identity only by its provider id: never by a matching email", async () => {
    const github = { provider: "github" as const, providerAccountId: "gh-1" };
    expect(await data.accounts.oauthUser(github)).toBeUndefined();
    // The email is a user's already: no new user, and no link either.
    expect(await data.accounts.createOAuthUser({ ...github, email: "writer@example.com", name: "W" })).toBeUndefined();
    expect(await data.accounts.oauthUser(github)).toBeUndefined();

    const fresh = await data.accounts.createOAuthUser({ ...github, email: "octo@example.com", name: "Octo" });
    expect(fresh).toMatchObject({ email: "octo@example.com", name: "Octo", role: "user" });
    expect((await data.accounts.oauthUser(github))?.id).toBe(fresh?.id);
    // The same id at another provider is another person.
    expect(await data.accounts.oauthUser({ provider: "oidc", providerAccountId: "gh-1" })).toBeUndefined();
  });

  it("links an identity to the user who asked, once, and never to a second user", async () => {
    const oidc = { provider: "oidc" as const, providerAccountId: "sub-7" };
    expect(await data.accounts.linkOAuth({ ...oidc, userId: writer.id })).toBe("linked");
    expect(await data.accounts.linkOAuth({ ...oidc, userId: writer.id })).toBe("linked");
    const other = await data.users.create({ email: "other-linker@example.com", name: "Other" });
    expect(await data.accounts.linkOAuth({ ...oidc, userId: other.id })).toBe("taken");
    expect((await data.accounts.oauthUser(oidc))?.id).toBe(writer.id);
    expect(await data.accounts.oauthAccounts(writer.id)).toEqual([{ provider: "oidc", linkedAt: expect.any(Date) }]);
  });

  it("unlinks a provider, but never the last way in", async () => {
    const google = { provider: "google" as const, providerAccountId: "g-1" };
    const github = { provider: "github" as const, providerAccountId: "gh-9" };
    const user = await data.accounts.createOAuthUser({ ...google, email: "only-google@example.com", name: "G" });
    if (!user) throw new Error("not created");
    expect(await data.accounts.unlinkOAuth({ userId: user.id, provider: "google" })).toBe("last");
    expect(await data.accounts.unlinkOAuth({ userId: user.id, provider: "github" })).toBe("none");

    // Another provider is another way in.
    await data.accounts.linkOAuth({ ...github, userId: user.id });
    expect(await data.accounts.unlinkOAuth({ userId: user.id, provider: "google" })).toBe("unlinked");
    expect(await data.accounts.oauthUser(google)).toBeUndefined();
    expect(await data.accounts.unlinkOAuth({ userId: user.id, provider: "github" })).toBe("last");

    // So is a password, or a passkey.
    await data.accounts.setPassword({ userId: user.id, passwordHash: "hash" });
    expect(await data.accounts.unlinkOAuth({ userId: user.id, provider: "github" })).toBe("unlinked");
    expect(await data.accounts.oauthAccounts(user.id)).toEqual([]);
  });

  it("counts a passkey as a way in", async () => {
    const oidc = { provider: "oidc" as const, providerAccountId: "sub-passkey" };
    const user = await data.accounts.createOAuthUser({ ...oidc, email: "passkey-only@example.com", name: "P" });
    if (!user) throw new Error("not created");
    expect(await data.accounts.unlinkOAuth({ userId: user.id, provider: "oidc" })).toBe("last");
    await data.passkeys.create({
      userId: user.id,
      name: "Laptop",
      credentialId: "cred-passkey-only",
      publicKey: "key",
      counter: 0,
      transports: [],
      deviceType: "singleDevice",
      backedUp: false,
    });
    expect(await data.accounts.unlinkOAuth({ userId: user.id, provider: "oidc" })).toBe("unlinked");
  });
});

describe("sessions", () => {
  const day = 86_400_000;

  it("reads the session's user in one statement, until that session alone is revoked", async () => {
    const user = await data.users.create({ email: "sessions@example.com", name: "Sessions" });
    queries.length = 0;
    const unmarked = { ...user, markedSecondFactor: false };
    expect(await data.sessions.user({ userId: user.id, sessionId: "laptop" })).toEqual(unmarked);
    expect(queries).toHaveLength(1);

    const now = new Date();
    await data.sessions.revoke({ sessionId: "laptop", expiresAt: new Date(now.getTime() + day), now });
    await data.sessions.revoke({ sessionId: "laptop", expiresAt: new Date(now.getTime() + day), now });
    expect(await data.sessions.user({ userId: user.id, sessionId: "laptop" })).toBeUndefined();
    expect(await data.sessions.user({ userId: user.id, sessionId: "phone" })).toEqual(unmarked);
    expect(await data.sessions.user({ userId: MISSING_ID, sessionId: "phone" })).toBeUndefined();
  });

  it("says whether a session passed a second factor after signing in, in the same one statement", async () => {
    const user = await data.users.create({ email: "marked@example.com", name: "Marked" });
    const now = new Date();
    await data.twoFactor.markSession({ sessionId: "desk", expiresAt: new Date(now.getTime() + day), now });
    queries.length = 0;
    expect(await data.sessions.user({ userId: user.id, sessionId: "desk" })).toEqual({
      ...user,
      markedSecondFactor: true,
    });
    expect(queries).toHaveLength(1);
    expect(await data.sessions.user({ userId: user.id, sessionId: "phone" })).toMatchObject({
      markedSecondFactor: false,
    });
  });

  it("forgets a revoked session once its cookie would have expired anyway", async () => {
    const user = await data.users.create({ email: "pruned@example.com", name: "Pruned" });
    const now = new Date();
    await data.sessions.revoke({ sessionId: "old", expiresAt: new Date(now.getTime() + day), now });
    expect(await data.sessions.user({ userId: user.id, sessionId: "old" })).toBeUndefined();

    // A later sign-out, a month on, prunes the row whose cookie is past its expiry.
    const later = new Date(now.getTime() + 31 * day);
    await data.sessions.revoke({ sessionId: "new", expiresAt: new Date(later.getTime() + day), now: later });
    expect(await data.sessions.user({ userId: user.id, sessionId: "old" })).toEqual({
      ...user,
      markedSecondFactor: false,
    });
    expect(await data.sessions.user({ userId: user.id, sessionId: "new" })).toBeUndefined();
  });
});

describe("password resets", () => {
  it("redeem an unused, unexpired token once, setting the password", async () => {
    const user = await data.accounts.signUp({ email: "reset@example.com", name: "Reset", passwordHash: "old" });
    const userId = user?.id ?? "";
    const now = new Date();
    await data.passwordResets.create({ userId, tokenHash: "good", expiresAt: new Date(now.getTime() + 60_000) });
    await data.passwordResets.create({ userId, tokenHash: "stale", expiresAt: new Date(now.getTime() - 1) });

    expect(await data.passwordResets.isSpendable({ tokenHash: "good", now })).toBe(true);
    expect(await data.passwordResets.isSpendable({ tokenHash: "stale", now })).toBe(false);
    expect(await data.passwordResets.isSpendable({ tokenHash: "unknown", now })).toBe(false);
    expect(await data.passwordResets.redeem({ tokenHash: "stale", passwordHash: "x", now })).toBeUndefined();
    expect(await data.passwordResets.redeem({ tokenHash: "unknown", passwordHash: "x", now })).toBeUndefined();
    expect(await data.passwordResets.redeem({ tokenHash: "good", passwordHash: "new", now })).toMatchObject({
      id: userId,
      sessionVersion: 1,
    });
    expect(await data.passwordResets.redeem({ tokenHash: "good", passwordHash: "again", now })).toBeUndefined();
    expect(await data.passwordResets.isSpendable({ tokenHash: "good", now })).toBe(false);
    expect(await data.accounts.passwordHash(userId)).toBe("new");
  });
});

describe("the user list", () => {
  it("searches name and email case-insensitively, with LIKE's wildcards taken literally", async () => {
    await data.users.create({ email: "grace@example.com", name: "Grace Hopper" });
    await data.users.create({ email: "percent@example.com", name: "100% Sure" });

    const names = async (search: string) =>
      (await data.users.list({ search, limit: 50 })).items.map((u) => u.name).sort();
    expect(await names("HOPPER")).toEqual(["Grace Hopper"]);
    expect(await names("GRACE@")).toEqual(["Grace Hopper"]);
    expect(await names("%")).toEqual(["100% Sure"]);
    expect(await names("_")).toEqual([]);
  });

  it("pages newest first without repeats", async () => {
    const all = (await data.users.list({ limit: 100 })).items.map((u) => u.id);
    const seen: string[] = [];
    let cursor: Cursor | null = null;
    do {
      const page: Page<User> = await data.users.list({ limit: 3, cursor });
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor ? decodeCursor(page.nextCursor) : null;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it("is a constant number of statements whatever the page size: one", async () => {
    for (let i = 0; i < 50; i++) await data.users.create({ email: `filler${i}@example.com`, name: `Filler ${i}` });
    const statementsFor = async (limit: number) => {
      queries.length = 0;
      const page = await data.users.list({ limit });
      expect(page.items).toHaveLength(limit);
      return queries.length;
    };
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    expect(five).toBe(fifty);
    expect(fifty).toBe(1);
  });

  it("binds every value as a parameter, never into the SQL text", async () => {
    const hostile = "x' or '1'='1";
    queries.length = 0;
    expect((await data.users.list({ search: hostile, limit: 10 })).items).toEqual([]);
    expect(await data.users.byEmail(hostile)).toBeUndefined();
    expect(await data.users.byId(hostile)).toBeUndefined();
    expect(queries).toHaveLength(3);
    expect(queries.join("\n")).not.toContain(hostile);
  });

  it("pages without repeats or gaps when many users share a timestamp", async () => {
    // Users created within one millisecond tie on createdAt: the id breaks the tie.
    const all = await data.users.list({ limit: 200 });
    const seen: string[] = [];
    let cursor: Cursor | null = null;
    do {
      const page: Page<User> = await data.users.list({ limit: 7, cursor });
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor ? decodeCursor(page.nextCursor) : null;
    } while (cursor);
    expect(seen).toEqual(all.items.map((u) => u.id));
    expect(all.nextCursor).toBeNull();
  });

  it("changes a role and a name", async () => {
    expect(await data.users.setRole({ id: reader.id, role: "admin" })).toMatchObject({ role: "admin" });
    expect(await data.users.rename({ id: reader.id, name: "Reader Two" })).toMatchObject({ name: "Reader Two" });
    expect(await data.users.setRole({ id: MISSING_ID, role: "admin" })).toBeUndefined();
  });
});

describe("a user's rows", () => {
  /** Deletes a user in SQL: the data layer has no way to, and the foreign keys must still cascade. */
  const deleteUser = async (id: string) => {
    const statement = sql`delete from users where id = ${id}`;
    if (database.dialect === "sqlite") database.db.run(statement);
    else await database.db.execute(statement);
  };

  it("refuses a token for a user who does not exist, through the foreign key", async () => {
    await expect(
      data.apiTokens.create({
        userId: MISSING_ID,
        name: "Orphan",
        scope: "read",
        prefix: "trl_orph",
        tokenHash: "hash-orphan",
        expiresAt: null,
      }),
    ).rejects.toThrow();
    expect(await data.apiTokens.authenticate({ tokenHash: "hash-orphan", now: new Date() })).toBeUndefined();
  });

  it("go with the user: tokens, passkeys and accounts are deleted by the cascade", async () => {
    const user = await data.accounts.signUp({ email: "leaving@example.com", name: "Leaving", passwordHash: "h" });
    if (!user) throw new Error("not created");
    await data.apiTokens.create({
      userId: user.id,
      name: "Gone",
      scope: "read",
      prefix: "trl_gone",
      tokenHash: "hash-gone",
      expiresAt: null,
    });
    await data.passkeys.create({
      userId: user.id,
      name: "Laptop",
      credentialId: "cred-leaving",
      publicKey: "key",
      counter: 0,
      transports: [],
      deviceType: "singleDevice",
      backedUp: false,
    });
    const now = new Date();
    expect(await data.apiTokens.authenticate({ tokenHash: "hash-gone", now })).toMatchObject({ user: { id: user.id } });

    await deleteUser(user.id);

    expect(await data.users.byId(user.id)).toBeUndefined();
    expect(await data.apiTokens.authenticate({ tokenHash: "hash-gone", now })).toBeUndefined();
    expect(await data.apiTokens.list(user.id)).toEqual([]);
    expect(await data.passkeys.list(user.id)).toEqual([]);
    expect(await data.accounts.credentials("leaving@example.com")).toBeUndefined();
  });
});

describe("API tokens", () => {
  it("authenticate while live, record their use, and stop at revocation or expiry", async () => {
    const now = new Date();
    const later = new Date(now.getTime() + 3_600_000);
    const token = await data.apiTokens.create({
      userId: writer.id,
      name: "CI",
      scope: "read",
      prefix: "trl_abcd",
      tokenHash: "hash-live",
      expiresAt: later,
    });
    expect(token).toMatchObject({ name: "CI", scope: "read", prefix: "trl_abcd", lastUsedAt: null });
    expect(token).not.toHaveProperty("tokenHash");

    expect(await data.apiTokens.authenticate({ tokenHash: "hash-live", now })).toMatchObject({
      user: { id: writer.id },
      scope: "read",
    });
    expect((await data.apiTokens.list(writer.id))[0]?.lastUsedAt).toEqual(now);
    expect(await data.apiTokens.authenticate({ tokenHash: "hash-live", now: later })).toBeUndefined();
    expect(await data.apiTokens.authenticate({ tokenHash: "unknown", now })).toBeUndefined();

    expect(await data.apiTokens.revoke({ id: token.id, userId: reader.id, now })).toBe(false);
    expect(await data.apiTokens.revoke({ id: token.id, userId: writer.id, now })).toBe(true);
    expect(await data.apiTokens.revoke({ id: token.id, userId: writer.id, now })).toBe(false);
    expect(await data.apiTokens.authenticate({ tokenHash: "hash-live", now })).toBeUndefined();
    expect(await data.apiTokens.list(writer.id)).toEqual([]);
  });

  it("writes last-used at most once a minute", async () => {
    await data.apiTokens.create({
      userId: reader.id,
      name: "Loop",
      scope: "read-write",
      prefix: "trl_loop",
      tokenHash: "hash-loop",
      expiresAt: null,
    });
    const t0 = new Date();
    await data.apiTokens.authenticate({ tokenHash: "hash-loop", now: t0 });
    queries.length = 0;
    await data.apiTokens.authenticate({ tokenHash: "hash-loop", now: new Date(t0.getTime() + 1_000) });
    // A fresh token costs one read and no write (a write would take SQLite's lock).
    expect(queries.filter((q) => /^update/i.test(q))).toEqual([]);
    const [token] = await data.apiTokens.list(reader.id);
    expect(token?.lastUsedAt).toEqual(t0);
  });
});
