"use client";

import { useTRPC } from "@/trpc/react";

import { usePatchPost } from "./post-cache";
import { useLiveSubscription } from "./use-live";

/**
 * Keeps every cached like count current as anyone likes or unlikes. Only the
 * count: whether the viewer likes a post is theirs alone, and the event is for everyone.
 */
export function useLiveLikes() {
  const trpc = useTRPC();
  const patchPost = usePatchPost();
  return useLiveSubscription(
    trpc.like.onChanged.subscriptionOptions(
      {},
      {
        onData: ({ data: { postId, likeCount } }) =>
          patchPost(postId, (post) => (post.likeCount === likeCount ? post : { ...post, likeCount })),
      },
    ),
  );
}
