import { describe, expect, it } from "vitest";

import { MISSING_ID, publishedDuring, setupRouterTest, take } from "./testing";

const { as, events } = await setupRouterTest();

describe("events are published after a write commits, and only then", () => {
  it("a new post, comment and like each announce themselves", async () => {
    const announced = await publishedDuring(events, async () => {
      const post = await as.alice.post.create({ title: "Live", body: "…" });
      await as.bob.comment.create({ postId: post.id, body: "Seen it" });
      await as.bob.like.add({ postId: post.id });
      await as.bob.like.remove({ postId: post.id });
    });
    expect(announced.map((event) => event.type)).toEqual([
      "post.created",
      "comment.created",
      "like.changed",
      "like.changed",
    ]);
    expect(announced[3]).toMatchObject({ likeCount: 0 });
  });

  it("a write that fails or changes nothing announces nothing", async () => {
    const post = await as.alice.post.create({ title: "Quiet", body: "…" });
    await as.bob.like.add({ postId: post.id });
    const announced = await publishedDuring(events, async () => {
      await as.bob.comment.create({ postId: MISSING_ID, body: "Into the void" }).catch(() => undefined); // FK: rolled back
      await as.bob.like.add({ postId: post.id }).catch(() => undefined); // CONFLICT
      await as.alice.like.remove({ postId: post.id }); // was not liked: nothing changed
      await as.alice.post.create({ title: "", body: "" }).catch(() => undefined); // invalid
      await as.anonymous.post.create({ title: "Nope", body: "…" }).catch(() => undefined); // UNAUTHORIZED
    });
    expect(announced).toEqual([]);
  });
});

describe("subscriptions", () => {
  it("post.onCreated yields new posts with an id, and resumes after one without a gap or duplicate", async () => {
    const live = await as.anonymous.post.onCreated({});
    const first = take(live, 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const p1 = await as.alice.post.create({ title: "One", body: "…" });
    const [seen] = await first;
    expect(seen?.data).toMatchObject({ id: p1.id, title: "One" });

    // "Disconnected": two posts land; the client comes back with the last id it saw.
    await as.alice.post.create({ title: "Two", body: "…" });
    await as.bob.post.create({ title: "Three", body: "…" });
    const resumed = await as.anonymous.post.onCreated({ lastEventId: seen?.id });
    const next = take(resumed, 3);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await as.bob.post.create({ title: "Four", body: "…" });
    expect((await next).map(({ data }) => data)).toMatchObject([
      { title: "Two" },
      { title: "Three" },
      { title: "Four" },
    ]);
  });

  it("comment.onCreated yields only the comments of its post", async () => {
    const [mine, other] = [
      await as.alice.post.create({ title: "Mine", body: "…" }),
      await as.alice.post.create({ title: "Other", body: "…" }),
    ];
    const live = take(await as.anonymous.comment.onCreated({ postId: mine.id }), 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await as.bob.comment.create({ postId: other.id, body: "elsewhere" });
    await as.bob.comment.create({ postId: mine.id, body: "here" });
    expect((await live).map(({ data }) => data)).toMatchObject([{ body: "here" }]);
  });

  it("rejects a lastEventId that is not an event id", async () => {
    await expect(as.anonymous.post.onCreated({ lastEventId: "'; DROP TABLE posts" })).rejects.toThrow(/event id/);
  });
});
