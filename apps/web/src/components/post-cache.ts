"use client";

import { type InfiniteData, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@trellis/api";
import { useCallback } from "react";

import { useTRPC } from "@/trpc/react";

import type { PostPatch } from "./post-patches";

export type FeedPage = RouterOutputs["post"]["list"];
export type FeedPost = FeedPage["items"][number];
// A partial key matches every cached feed, whatever its page size, so the key alone cannot name the type.
export type FeedData = InfiniteData<FeedPage, string | null>;

export { type PostPatch, withCommentCount, withEdit } from "./post-patches";

export function patchFeed(data: FeedData, postId: string, patch: PostPatch): FeedData {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((post) => (post.id === postId ? patch(post) : post)),
    })),
  };
}

export function withoutPost(data: FeedData, postId: string): FeedData {
  if (!data.pages.some((page) => page.items.some(({ id }) => id === postId))) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, items: page.items.filter(({ id }) => id !== postId) })),
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

/**
 * Takes a deleted post out of every cached feed, and forgets its page unless
 * someone is reading it (the post page says it was deleted, see ./deleted-posts.ts).
 */
export function useRemovePost() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    (postId: string) => {
      queryClient.setQueriesData<FeedData>(
        { queryKey: trpc.post.list.infiniteQueryKey() },
        (data) => data && withoutPost(data, postId),
      );
      queryClient.removeQueries({ queryKey: trpc.post.byId.queryKey({ id: postId }), type: "inactive" });
    },
    [queryClient, trpc],
  );
}
