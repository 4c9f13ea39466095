import { describe, expect, it } from "vitest";

import { MISSING_ID, publishedDuring, setupRouterTest, take } from "../testing";

const { as, events } = await setupRouterTest();

/** Lets a subscription that was just opened start listening before the writes it should see. */
const listening = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("edits and deletions are published after they commit, and only then", () => {
  it("a post's edit carries only what it changed; its deletion, its id", async () => {
    const post = await as.alice.post.create({ title: "Draft", body: "…" });
    await as.ada.like.add({ postId: post.id });
    const announced = await publishedDuring(events, async () => {
      // The view the editor gets back says she likes it: hers alone, not for everyone.
      await expect(as.ada.post.update({ id: post.id, title: "Final", body: "Edited" })).resolves.toMatchObject({
        viewerHasLiked: true,
        likeCount: 1,
      });
      await as.alice.post.delete({ id: post.id });
    });
    expect(announced).toHaveLength(2);
    const [updated, deleted] = announced;
    expect(updated).toEqual({
      type: "post.updated",
      post: { id: post.id, title: "Final", body: "Edited", updatedAt: expect.any(Date) },
    });
    expect(deleted).toEqual({ type: "post.deleted", id: post.id });
  });

  it("a comment's edit carries the comment; its deletion, its id and its post's", async () => {
    const post = await as.alice.post.create({ title: "Thread", body: "…" });
    const comment = await as.bob.comment.create({ postId: post.id, body: "First" });
    const announced = await publishedDuring(events, async () => {
      await as.bob.comment.update({ id: comment.id, body: "First, edited" });
      await as.ada.comment.delete({ id: comment.id }); // an admin moderating
    });
    expect(announced).toEqual([
      {
        type: "comment.updated",
        comment: { ...comment, body: "First, edited" },
      },
      { type: "comment.deleted", id: comment.id, postId: post.id, commentCount: 0 },
    ]);
  });

  it("an edit or deletion that is refused, invalid or finds nothing announces nothing", async () => {
    const post = await as.alice.post.create({ title: "Kept", body: "…" });
    const comment = await as.alice.comment.create({ postId: post.id, body: "Kept too" });
    const announced = await publishedDuring(events, async () => {
      // One at a time, each started only when awaited: a call made before its rejection is handled would
      // reject unhandled.
      const refusals = [
        () => as.bob.post.update({ id: post.id, title: "Mine now", body: "…" }), // not the author: NOT_FOUND
        () => as.bob.post.delete({ id: post.id }),
        () => as.bob.comment.update({ id: comment.id, body: "Mine now" }),
        () => as.bob.comment.delete({ id: comment.id }),
        () => as.anonymous.post.delete({ id: post.id }), // UNAUTHORIZED
        () => as.alice.post.update({ id: post.id, title: "", body: "…" }), // invalid
        () => as.alice.comment.update({ id: comment.id, body: "" }),
        () => as.alice.post.delete({ id: MISSING_ID }), // nothing there
        () => as.alice.comment.delete({ id: MISSING_ID }),
      ];
      for (const refusal of refusals) await expect(refusal()).rejects.toThrow();
    });
    expect(announced).toEqual([]);
    await expect(as.anonymous.post.byId({ id: post.id })).resolves.toMatchObject({ title: "Kept", commentCount: 1 });
  });

  it("an edit that changes nothing announces nothing and is not marked edited (docs/decisions/017)", async () => {
    const post = await as.alice.post.create({ title: "Same", body: "Same body" });
    const comment = await as.alice.comment.create({ postId: post.id, body: "Same comment" });
    const announced = await publishedDuring(events, async () => {
      await expect(as.alice.post.update({ id: post.id, title: "Same", body: "Same body" })).resolves.toMatchObject({
        id: post.id,
        updatedAt: post.updatedAt,
      });
      await expect(as.alice.comment.update({ id: comment.id, body: "Same comment" })).resolves.toEqual(comment);
    });
    expect(announced).toEqual([]);
    await expect(as.anonymous.post.byId({ id: post.id })).resolves.toMatchObject({ updatedAt: post.updatedAt });
  });

  it("deleting a post twice announces it once", async () => {
    const post = await as.alice.post.create({ title: "Once", body: "…" });
    const announced = await publishedDuring(events, async () => {
      await as.alice.post.delete({ id: post.id });
      await as.alice.post.delete({ id: post.id }).catch(() => undefined); // NOT_FOUND
    });
    expect(announced).toEqual([{ type: "post.deleted", id: post.id }]);
  });
});

describe("post.onChanged", () => {
  it("gives the feed creations, edits, deletions and comment counts in the order they happened", async () => {
    const live = take(await as.anonymous.post.onChanged({}), 6);
    await listening();
    const post = await as.alice.post.create({ title: "Fleeting", body: "…" });
    const comment = await as.bob.comment.create({ postId: post.id, body: "Quick" });
    await as.bob.comment.update({ id: comment.id, body: "Quick, edited" }); // not the feed's business
    await as.bob.like.add({ postId: post.id }); // like.onChanged's
    await as.bob.comment.delete({ id: comment.id });
    await as.alice.post.update({ id: post.id, title: "Fleeting, edited", body: "…" });
    await as.alice.post.delete({ id: post.id });
    await as.alice.post.create({ title: "After", body: "…" });

    const changes = (await live).map(({ data }) => data);
    expect(changes).toMatchObject([
      { type: "post.created", post: { id: post.id, title: "Fleeting", viewerHasLiked: false } },
      { type: "comment.created", comment: { id: comment.id, postId: post.id }, commentCount: 1 },
      { type: "comment.deleted", id: comment.id, postId: post.id, commentCount: 0 },
      { type: "post.updated", post: { id: post.id, title: "Fleeting, edited" } },
      { type: "post.deleted", id: post.id },
      { type: "post.created", post: { title: "After" } },
    ]);
    // The edit carries no counts and no viewer's like: nothing in it is someone's alone, or older than a like.
    expect(Object.keys(Reflect.get(Object(changes[3]), "post"))).toEqual(["id", "title", "body", "updatedAt"]);
  });

  it("gives a post page only its post's changes, and its comments' edits", async () => {
    const [mine, other] = [
      await as.alice.post.create({ title: "Mine", body: "…" }),
      await as.alice.post.create({ title: "Other", body: "…" }),
    ];
    const live = take(await as.anonymous.post.onChanged({ postId: mine.id }), 5);
    await listening();
    await as.alice.post.create({ title: "Elsewhere", body: "…" });
    await as.bob.comment.create({ postId: other.id, body: "elsewhere" });
    await as.alice.post.update({ id: other.id, title: "Other, edited", body: "…" });
    await as.alice.post.delete({ id: other.id });
    const comment = await as.bob.comment.create({ postId: mine.id, body: "here" });
    await as.bob.comment.update({ id: comment.id, body: "here, edited" });
    await as.bob.comment.delete({ id: comment.id });
    await as.alice.post.update({ id: mine.id, title: "Mine, edited", body: "…" });
    await as.alice.post.delete({ id: mine.id });

    expect((await live).map(({ data }) => data)).toMatchObject([
      { type: "comment.created", comment: { body: "here" }, commentCount: 1 },
      { type: "comment.updated", comment: { body: "here, edited" } },
      { type: "comment.deleted", id: comment.id, postId: mine.id, commentCount: 0 },
      { type: "post.updated", post: { id: mine.id, title: "Mine, edited" } },
      { type: "post.deleted", id: mine.id },
    ]);
  });

  it("resumes after the last id it gave without a gap or a duplicate", async () => {
    const live = await as.anonymous.post.onChanged({});
    const first = take(live, 1);
    await listening();
    const post = await as.alice.post.create({ title: "Resumed", body: "…" });
    const [seen] = await first;
    expect(seen?.data).toMatchObject({ type: "post.created", post: { id: post.id } });

    // "Disconnected": the post is edited and deleted; the client comes back with the last id it saw.
    await as.alice.post.update({ id: post.id, title: "Resumed, edited", body: "…" });
    await as.alice.post.delete({ id: post.id });
    const resumed = take(await as.anonymous.post.onChanged({ lastEventId: seen?.id }), 3);
    await listening();
    const next = await as.bob.post.create({ title: "Live again", body: "…" });
    const changes = await resumed;
    expect(changes.map(({ data }) => data)).toMatchObject([
      { type: "post.updated", post: { id: post.id, title: "Resumed, edited" } },
      { type: "post.deleted", id: post.id },
      { type: "post.created", post: { id: next.id } },
    ]);
    expect(new Set(changes.map(({ id }) => id)).size).toBe(3);
  });

  it("post.onCreated still yields only new posts", async () => {
    const live = take(await as.anonymous.post.onCreated({}), 1);
    await listening();
    const post = await as.alice.post.create({ title: "Gone soon", body: "…" });
    await as.alice.post.delete({ id: post.id });
    const last = await as.alice.post.create({ title: "Stays", body: "…" });
    expect((await live).map(({ data }) => data)).toMatchObject([{ id: post.id }]);
    const again = take(await as.anonymous.post.onCreated({ lastEventId: (await live)[0]?.id }), 1);
    expect((await again).map(({ data }) => data)).toMatchObject([{ id: last.id }]);
  });
});
