import { count } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

import { listPosts } from "./data/posts";
import { getUserByEmail } from "./data/users";
import { comments, likes, posts, type users } from "./schema";
import { DEMO_USER_EMAIL, seedIfEmpty } from "./seed";
import { createTestDb } from "./testing";

const t = createTestDb();
afterAll(() => t.close());

const total = (table: typeof users | typeof posts | typeof comments | typeof likes) =>
  t.db.select({ n: count() }).from(table).get()?.n;

describe("seedIfEmpty", () => {
  it("fills an empty database with the demo user, 30 posts, comments and likes", async () => {
    expect(seedIfEmpty(t.db)).toBe(true);
    expect(await getUserByEmail(t.db, DEMO_USER_EMAIL)).toMatchObject({ name: "Dana Demo", role: "user" });
    expect(total(posts)).toBe(30);
    expect(total(comments)).toBeGreaterThan(20);
    expect(total(likes)).toBeGreaterThan(20);
    const feed = await listPosts(t.db, { viewerId: null, limit: 30 });
    expect(feed.items.some((p) => p.likeCount > 0 && p.commentCount > 0)).toBe(true);
  });

  it("leaves a database with users alone", () => {
    expect(seedIfEmpty(t.db)).toBe(false);
    expect(total(posts)).toBe(30);
  });
});
