import { type Cursor, decodeCursor, type Page } from "@trellis/validators";
import { afterAll, describe, expect, it } from "vitest";

import { createTestDatabase } from "../testing";
import type { PostView } from "./types";

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
    await data.likes.toggle({ postId: post.id, userId: reader.id });
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
      if (i % 3 === 0) await data.likes.toggle({ postId: post.id, userId: reader.id });
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

describe("ownership and cascades", () => {
  it("deletes a post only for its author, and its comments and likes with it", async () => {
    const post = await data.posts.create({ title: "Doomed", body: "…", authorId: writer.id });
    await data.likes.toggle({ postId: post.id, userId: reader.id });
    const comment = await data.comments.create({ postId: post.id, body: "Bye", authorId: reader.id });

    expect(await data.posts.delete({ id: post.id, authorId: reader.id })).toBeUndefined();
    expect(await data.posts.update({ id: post.id, title: "Mine now", body: "…", authorId: reader.id })).toBeUndefined();
    expect(await data.posts.delete({ id: post.id, authorId: writer.id })).toEqual({ id: post.id });

    expect(await data.posts.byId({ id: post.id, viewerId: null })).toBeUndefined();
    expect(await data.comments.delete({ id: comment?.id ?? "", authorId: reader.id })).toBeUndefined();
    expect(await data.likes.toggle({ postId: post.id, userId: reader.id })).toBeUndefined();
  });

  it("refuses a comment on a post that does not exist, through the foreign key", async () => {
    const missing = "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a";
    expect(await data.comments.create({ postId: missing, body: "Hello?", authorId: reader.id })).toBeUndefined();
  });

  it("keeps one account per email", async () => {
    await expect(data.users.create({ email: "writer@example.com", name: "Again" })).rejects.toThrow();
  });
});
