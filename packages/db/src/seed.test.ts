import { afterAll, describe, expect, it } from "vitest";

import { ADMIN_EMAIL, buildSeed, DEMO_USER_EMAIL, seedIfEmpty } from "./seed";
import { createTestDatabase } from "./testing";

const database = await createTestDatabase();
afterAll(() => database.close());

const userCount = async () => (await database.data.users.list({ limit: 100 })).items.length;

describe("seedIfEmpty", () => {
  it("fills an empty database with the seed's users, the demo user and an admin who can sign in", async () => {
    expect(await seedIfEmpty(database)).toBe(true);
    expect(await database.data.users.byEmail(DEMO_USER_EMAIL)).toMatchObject({ name: "Dana Demo", role: "user" });
    expect(await database.data.accounts.credentials(ADMIN_EMAIL)).toMatchObject({ user: { role: "admin" } });
    expect(await userCount()).toBe(buildSeed().users.length);
  });

  it("fills it with 30 posts, comments and likes", async () => {
    const feed = await database.data.posts.list({ viewerId: null, limit: 50 });
    expect(feed.items).toHaveLength(30);
    expect(feed.nextCursor).toBeNull();
    const sum = (pick: (p: (typeof feed.items)[number]) => number) => feed.items.reduce((n, p) => n + pick(p), 0);
    expect(sum((p) => p.commentCount)).toBeGreaterThan(20);
    expect(sum((p) => p.likeCount)).toBeGreaterThan(20);
  });

  it("leaves a database with users alone", async () => {
    expect(await seedIfEmpty(database)).toBe(false);
    expect(await userCount()).toBe(buildSeed().users.length);
  });

  it("leaves its posts alone too", async () => {
    expect((await database.data.posts.list({ viewerId: null, limit: 50 })).items).toHaveLength(30);
  });
});

describe("buildSeed", () => {
  it("links every comment and like to a seeded post and user", () => {
    const rows = buildSeed();
    const users = new Set(rows.users.map((u) => u.id));
    const posts = new Set(rows.posts.map((p) => p.id));
    expect(rows.posts.every((p) => users.has(p.authorId))).toBe(true);
    expect(rows.comments.every((c) => posts.has(c.postId) && users.has(c.authorId))).toBe(true);
    expect(rows.likes.every((l) => posts.has(l.postId) && users.has(l.userId))).toBe(true);
    // One like per (user, post), as the primary key demands.
    expect(new Set(rows.likes.map((l) => `${l.userId}/${l.postId}`)).size).toBe(rows.likes.length);
  });
});
