import { describe, expect, it } from "vitest";

import { MISSING_ID, setupRouterTest } from "../testing";

const { as } = await setupRouterTest();

describe("like router", () => {
  it("adds and removes the viewer's like, reporting the new count", async () => {
    const post = await as.alice.post.create({ title: "Like me", body: "…" });
    expect(await as.bob.like.add({ postId: post.id })).toEqual({ liked: true, likeCount: 1 });
    expect(await as.alice.like.add({ postId: post.id })).toEqual({ liked: true, likeCount: 2 });
    expect(await as.bob.post.byId({ id: post.id })).toMatchObject({ likeCount: 2, viewerHasLiked: true });
    expect(await as.bob.like.remove({ postId: post.id })).toEqual({ liked: false, likeCount: 1 });
    expect(await as.bob.post.byId({ id: post.id })).toMatchObject({ likeCount: 1, viewerHasLiked: false });
  });

  it("answers CONFLICT to a second like, and leaves the count alone", async () => {
    const post = await as.alice.post.create({ title: "Liked once", body: "…" });
    await as.bob.like.add({ postId: post.id });
    await expect(as.bob.like.add({ postId: post.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "You already like this post",
    });
    expect(await as.bob.post.byId({ id: post.id })).toMatchObject({ likeCount: 1, viewerHasLiked: true });
  });

  it("removes idempotently: unliking what is not liked answers with the state", async () => {
    const post = await as.alice.post.create({ title: "Never liked", body: "…" });
    await as.alice.like.add({ postId: post.id });
    expect(await as.bob.like.remove({ postId: post.id })).toEqual({ liked: false, likeCount: 1 });
    expect(await as.alice.like.remove({ postId: post.id })).toEqual({ liked: false, likeCount: 0 });
    expect(await as.alice.like.remove({ postId: post.id })).toEqual({ liked: false, likeCount: 0 });
  });

  it("answers NOT_FOUND for an unknown post and UNAUTHORIZED without a viewer", async () => {
    for (const procedure of ["add", "remove"] as const) {
      await expect(as.bob.like[procedure]({ postId: MISSING_ID })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "That post was not found",
      });
      await expect(as.anonymous.like[procedure]({ postId: MISSING_ID })).rejects.toMatchObject({
        code: "UNAUTHORIZED",
      });
    }
  });
});
