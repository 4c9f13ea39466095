import { describe, expect, it } from "vitest";

import { MISSING_ID, setupRouterTest } from "../test-utils";

const { as } = await setupRouterTest();

describe("like router", () => {
  it("toggles the viewer's like and reports the new count", async () => {
    const post = await as.alice.post.create({ title: "Like me", body: "…" });
    expect(await as.bob.like.toggle({ postId: post.id })).toEqual({ liked: true, likeCount: 1 });
    expect(await as.alice.like.toggle({ postId: post.id })).toEqual({ liked: true, likeCount: 2 });
    expect(await as.bob.post.byId({ id: post.id })).toMatchObject({ likeCount: 2, viewerHasLiked: true });
    expect(await as.bob.like.toggle({ postId: post.id })).toEqual({ liked: false, likeCount: 1 });
    expect(await as.bob.post.byId({ id: post.id })).toMatchObject({ likeCount: 1, viewerHasLiked: false });
  });

  it("answers NOT_FOUND for an unknown post and UNAUTHORIZED without a viewer", async () => {
    await expect(as.bob.like.toggle({ postId: MISSING_ID })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.anonymous.like.toggle({ postId: MISSING_ID })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
