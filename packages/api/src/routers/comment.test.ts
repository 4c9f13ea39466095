import { describe, expect, it } from "vitest";

import { MISSING_ID, setupRouterTest } from "../testing";

const { as, bob } = await setupRouterTest();

describe("comment router", () => {
  it("adds comments to a post and lists them oldest first, counted in the feed", async () => {
    const post = await as.alice.post.create({ title: "Discuss", body: "…" });
    await as.bob.comment.create({ postId: post.id, body: "One" });
    await as.alice.comment.create({ postId: post.id, body: "Two" });

    const page = await as.anonymous.comment.list({ postId: post.id });
    expect(page.items.map((c) => [c.body, c.author.name])).toEqual([
      ["One", "Bob"],
      ["Two", "Alice"],
    ]);
    expect(page.nextCursor).toBeNull();
    expect((await as.anonymous.post.byId({ id: post.id })).commentCount).toBe(2);
  });

  it("pages comments by cursor", async () => {
    const post = await as.alice.post.create({ title: "Busy thread", body: "…" });
    for (let i = 0; i < 5; i++) await as.bob.comment.create({ postId: post.id, body: `#${i}` });
    const first = await as.anonymous.comment.list({ postId: post.id, limit: 3 });
    const second = await as.anonymous.comment.list({ postId: post.id, limit: 3, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((c) => c.body)).toEqual(["#0", "#1", "#2", "#3", "#4"]);
    expect(second.nextCursor).toBeNull();
  });

  it("answers NOT_FOUND for comments on an unknown post", async () => {
    await expect(as.bob.comment.create({ postId: MISSING_ID, body: "Hi" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(as.bob.comment.list({ postId: MISSING_ID })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("validates the body", async () => {
    const post = await as.alice.post.create({ title: "Strict", body: "…" });
    await expect(as.bob.comment.create({ postId: post.id, body: "   " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("finds one comment by id, for anyone", async () => {
    const post = await as.alice.post.create({ title: "Linked", body: "…" });
    const comment = await as.bob.comment.create({ postId: post.id, body: "Permalink me" });
    expect(await as.anonymous.comment.byId({ id: comment.id })).toEqual(comment);
    await expect(as.anonymous.comment.byId({ id: MISSING_ID })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "That comment was not found",
    });
  });

  it("lets the author edit a comment, with the body checked as on create", async () => {
    const post = await as.alice.post.create({ title: "Editable", body: "…" });
    const comment = await as.bob.comment.create({ postId: post.id, body: "Frist" });

    const edited = await as.bob.comment.update({ id: comment.id, body: "  First  " });
    expect(edited).toEqual({ ...comment, body: "First" });
    expect(await as.anonymous.comment.byId({ id: comment.id })).toEqual(edited);
    await expect(as.bob.comment.update({ id: comment.id, body: "   " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("lets only the author or an admin edit a comment; to anyone else it does not exist", async () => {
    const post = await as.alice.post.create({ title: "Moderated", body: "…" });
    const comment = await as.bob.comment.create({ postId: post.id, body: "Bob's words" });

    await expect(as.alice.comment.update({ id: comment.id, body: "Alice's words" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "That comment was not found",
    });
    await expect(as.ada.comment.update({ id: comment.id, body: "[removed]" })).resolves.toMatchObject({
      body: "[removed]",
      author: { id: bob.id },
    });
    await expect(as.bob.comment.update({ id: MISSING_ID, body: "Anyone there?" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("lets an admin delete anyone's comment", async () => {
    const post = await as.alice.post.create({ title: "Thread", body: "…" });
    const comment = await as.bob.comment.create({ postId: post.id, body: "Spam" });
    await expect(as.ada.comment.delete({ id: comment.id })).resolves.toEqual({ id: comment.id, postId: post.id });
  });

  it("lets only the author delete a comment", async () => {
    const post = await as.alice.post.create({ title: "Mine", body: "…" });
    const comment = await as.bob.comment.create({ postId: post.id, body: "Bob's" });
    expect(comment.author.id).toBe(bob.id);
    await expect(as.alice.comment.delete({ id: comment.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.bob.comment.delete({ id: comment.id })).resolves.toEqual({ id: comment.id, postId: post.id });
  });
});
