import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

import { comments, likes, users } from "../schema";
import { createTestDb } from "../testing";
import { createComment } from "./comments";
import { createPost, deletePost, getPost, listPosts } from "./posts";

const testDb = createTestDb();
const { db } = testDb;
afterAll(() => testDb.close());

const [writer, reader] = db
  .insert(users)
  .values([
    { email: "writer@example.com", name: "Writer" },
    { email: "reader@example.com", name: "Reader" },
  ])
  .returning()
  .all() as [typeof users.$inferSelect, typeof users.$inferSelect];

describe("the feed query", () => {
  it("returns author, counts and the viewer's like in a single statement", async () => {
    const post = await createPost(db, { title: "Counted", body: "…", authorId: writer.id });
    db.insert(likes).values({ postId: post.id, userId: reader.id }).run();
    await createComment(db, { postId: post.id, body: "Nice", authorId: reader.id });
    await createComment(db, { postId: post.id, body: "Thanks", authorId: writer.id });

    testDb.queries.length = 0;
    const asReader = await listPosts(db, { viewerId: reader.id, limit: 10 });
    expect(testDb.queries).toHaveLength(1);
    expect(asReader.items[0]).toMatchObject({
      id: post.id,
      author: { id: writer.id, name: "Writer" },
      likeCount: 1,
      commentCount: 2,
      viewerHasLiked: true,
    });

    const anonymous = await listPosts(db, { viewerId: null, limit: 10 });
    expect(anonymous.items[0]).toMatchObject({ id: post.id, viewerHasLiked: false });
  });

  it("binds every value as a parameter, never into the SQL text", async () => {
    const hostile = "x' or '1'='1";
    testDb.queries.length = 0;
    await listPosts(db, { viewerId: hostile, limit: 10 });
    expect(testDb.queries[0]).not.toContain(hostile);
  });
});

describe("deletePost", () => {
  it("removes the post's comments and likes with it, and only for its author", async () => {
    const post = await createPost(db, { title: "Doomed", body: "…", authorId: writer.id });
    db.insert(likes).values({ postId: post.id, userId: reader.id }).run();
    await createComment(db, { postId: post.id, body: "Bye", authorId: reader.id });

    expect(await deletePost(db, { id: post.id, authorId: reader.id })).toBeUndefined();
    expect(await deletePost(db, { id: post.id, authorId: writer.id })).toEqual({ id: post.id });

    expect(await getPost(db, { id: post.id, viewerId: null })).toBeUndefined();
    expect(db.select().from(likes).where(eq(likes.postId, post.id)).all()).toEqual([]);
    expect(db.select().from(comments).where(eq(comments.postId, post.id)).all()).toEqual([]);
  });
});
