"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { AppRouter, RouterOutputs } from "@trellis/api";
import { isTRPCClientError } from "@trpc/client";

import { useTRPC, useTRPCClient } from "@/trpc/react";

import { type FeedData, type PostPatch, usePatchPost } from "./post-cache";

type LikeState = RouterOutputs["like"]["add"];

// A copy already in that state (another cache entry, a double click) keeps its count.
const showLiked =
  (liked: boolean): PostPatch =>
  (post) =>
    post.viewerHasLiked === liked
      ? post
      : { ...post, viewerHasLiked: liked, likeCount: Math.max(0, post.likeCount + (liked ? 1 : -1)) };

const isConflict = (error: unknown) => isTRPCClientError<AppRouter>(error) && error.data?.code === "CONFLICT";

/**
 * Likes (`like.add`) or unlikes (`like.remove`) a post optimistically: the
 * feed and the post page change at once, roll back if the server refuses, and
 * take the server's count when it answers.
 */
export function useSetLike() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const patchPost = usePatchPost();
  const feedKey = trpc.post.list.infiniteQueryKey();

  return useMutation({
    // null: the post was already liked (in another tab, say). That is what the
    // viewer wanted, so no error — the refetch in onSettled shows the real count.
    mutationFn: async ({ postId, liked }: { postId: string; liked: boolean }): Promise<LikeState | null> => {
      if (!liked) return client.like.remove.mutate({ postId });
      try {
        return await client.like.add.mutate({ postId });
      } catch (error) {
        if (isConflict(error)) return null;
        throw error;
      }
    },
    onMutate: async ({ postId, liked }) => {
      const postKey = trpc.post.byId.queryKey({ id: postId });
      // A refetch already in flight would land after the change and undo it.
      await Promise.all([
        queryClient.cancelQueries({ queryKey: feedKey }),
        queryClient.cancelQueries({ queryKey: postKey }),
      ]);
      const snapshot = {
        feeds: queryClient.getQueriesData<FeedData>({ queryKey: feedKey }),
        post: queryClient.getQueryData(postKey),
      };
      patchPost(postId, showLiked(liked));
      return snapshot;
    },
    onError: (_error, { postId }, snapshot) => {
      if (!snapshot) return;
      for (const [key, data] of snapshot.feeds) queryClient.setQueryData(key, data);
      queryClient.setQueryData(trpc.post.byId.queryKey({ id: postId }), snapshot.post);
    },
    onSuccess: (state, { postId }) => {
      if (!state) return;
      patchPost(postId, (post) => ({ ...post, viewerHasLiked: state.liked, likeCount: state.likeCount }));
    },
    onSettled: (_data, _error, { postId }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: feedKey }),
        queryClient.invalidateQueries({ queryKey: trpc.post.byId.queryKey({ id: postId }) }),
      ]),
  });
}
