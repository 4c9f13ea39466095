import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { createDb } from "../client";
import { migrate } from "../migrate";
import { users } from "../schema";
import { toggleLike } from "./likes";
import { createPost } from "./posts";

// Two connections need a real file: each `:memory:` database is private.
const dir = mkdtempSync(join(tmpdir(), "trellis-likes-"));
const queries: string[] = [];
const app = createDb(join(dir, "likes.db"), { onQuery: (sql) => queries.push(sql) });
const other = createDb(join(dir, "likes.db"));
migrate(app.db);
afterAll(() => {
  app.close();
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

const user = app.db.insert(users).values({ email: "fan@example.com", name: "Fan" }).returning().get();
const post = await createPost(app.db, { title: "Likeable", body: "…", authorId: user.id });

describe("toggleLike", () => {
  it("likes, then unlikes, reporting the count each time", () => {
    expect(toggleLike(app.db, { userId: user.id, postId: post.id })).toEqual({ liked: true, likeCount: 1 });
    expect(toggleLike(app.db, { userId: user.id, postId: post.id })).toEqual({ liked: false, likeCount: 0 });
  });

  it("returns undefined for a post that does not exist", () => {
    expect(toggleLike(app.db, { userId: user.id, postId: "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a" })).toBeUndefined();
  });

  it("takes the write lock before its first read (BEGIN IMMEDIATE)", () => {
    // Another connection holds the write lock; don't wait the usual 5 s for it.
    other.db.$client.exec("BEGIN IMMEDIATE");
    app.db.$client.pragma("busy_timeout = 0");
    queries.length = 0;
    try {
      expect(() => toggleLike(app.db, { userId: user.id, postId: post.id })).toThrow(
        expect.objectContaining({ code: "SQLITE_BUSY" }),
      );
      // A deferred transaction would have read the like state first, then
      // failed at its write: here nothing was read at all.
      expect(queries).toEqual([]);
    } finally {
      other.db.$client.exec("ROLLBACK");
      app.db.$client.pragma("busy_timeout = 5000");
    }
    expect(toggleLike(app.db, { userId: user.id, postId: post.id })).toEqual({ liked: true, likeCount: 1 });
  });
});
