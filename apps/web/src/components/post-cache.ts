"use client";

import { type InfiniteData, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@trellis/api";
import { useCallback } from "react";

import { useTRPC } from "@/trpc/react";

export type FeedPage = RouterOutputs["post"]["list"];
export type FeedPost = FeedPage["items"][number];
// A partial key matches every cached feed, whatever its page size, so the key alone cannot name the type.
export type FeedData = InfiniteData<FeedPage, string | null>;

/** What a feed card and the post page both show of a post; a patch keeps whatever else its copy holds. */
interface PostCounts {
  id: string;
  likeCount: number;
  commentCount: number;
  viewerHasLiked: boolean;
}

/** Generic, so one patch fits the feed's copy and the post page's copy alike. */
export type PostPatch = <P extends PostCounts>(post: P) => P;

export function patchFeed(data: FeedData, postId: string, patch: PostPatch): FeedData {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((post) => (post.id === postId ? patch(post) : post)),
    })),
  };
}

/**
 * Changes one post wherever the browser holds it: in every cached feed and on
 * its post page. A post that is not cached is left alone — it loads fresh.
 */
export function usePatchPost() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    (postId: string, patch: PostPatch) => {
      queryClient.setQueriesData<FeedData>(
        { queryKey: trpc.post.list.infiniteQueryKey() },
        (data) => data && patchFeed(data, postId, patch),
      );
      queryClient.setQueryData(trpc.post.byId.queryKey({ id: postId }), (post) => post && patch(post));
    },
    [queryClient, trpc],
  );
}
