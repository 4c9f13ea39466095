"use client";

import { type InfiniteData, useMutation, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@trellis/api";

import { useTRPC } from "@/trpc/react";

interface LikeFields {
  id: string;
  likeCount: number;
  viewerHasLiked: boolean;
}

type FeedPage = RouterOutputs["post"]["list"];
type FeedPost = FeedPage["items"][number];
// A partial key matches every cached feed, whatever its page size, so the key alone cannot name the type.
type FeedData = InfiniteData<FeedPage, string | null>;

function patchFeed(data: FeedData, postId: string, patch: (post: FeedPost) => FeedPost): FeedData {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((post) => (post.id === postId ? patch(post) : post)),
    })),
  };
}

const flip = <P extends LikeFields>(post: P): P => ({
  ...post,
  viewerHasLiked: !post.viewerHasLiked,
  likeCount: Math.max(0, post.likeCount + (post.viewerHasLiked ? -1 : 1)),
});

/**
 * Toggles a like optimistically: the feed and the post page flip at once,
 * roll back if the server refuses, and take the server's count when it answers.
 */
export function useToggleLike() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const feedKey = trpc.post.list.infiniteQueryKey();

  return useMutation(
    trpc.like.toggle.mutationOptions({
      onMutate: async ({ postId }) => {
        const postKey = trpc.post.byId.queryKey({ id: postId });
        // A refetch already in flight would land after the flip and undo it.
        await Promise.all([
          queryClient.cancelQueries({ queryKey: feedKey }),
          queryClient.cancelQueries({ queryKey: postKey }),
        ]);
        const snapshot = {
          feeds: queryClient.getQueriesData<FeedData>({ queryKey: feedKey }),
          post: queryClient.getQueryData(postKey),
        };
        queryClient.setQueriesData<FeedData>({ queryKey: feedKey }, (data) => data && patchFeed(data, postId, flip));
        queryClient.setQueryData(postKey, (post) => post && flip(post));
        return snapshot;
      },
      onError: (_error, { postId }, snapshot) => {
        if (!snapshot) return;
        for (const [key, data] of snapshot.feeds) queryClient.setQueryData(key, data);
        queryClient.setQueryData(trpc.post.byId.queryKey({ id: postId }), snapshot.post);
      },
      onSuccess: ({ liked, likeCount }, { postId }) => {
        const settle = <P extends LikeFields>(post: P): P => ({ ...post, viewerHasLiked: liked, likeCount });
        queryClient.setQueriesData<FeedData>({ queryKey: feedKey }, (data) => data && patchFeed(data, postId, settle));
        queryClient.setQueryData(trpc.post.byId.queryKey({ id: postId }), (post) => post && settle(post));
      },
      onSettled: (_data, _error, { postId }) =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: feedKey }),
          queryClient.invalidateQueries({ queryKey: trpc.post.byId.queryKey({ id: postId }) }),
        ]),
    }),
  );
}
