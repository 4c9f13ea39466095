"use client";

import { useIsMutating, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { FEED_PAGE_SIZE } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";

import type { FeedPost } from "./post-cache";
import { useLiveSubscription } from "./use-live";

/**
 * Posts written since the feed loaded, held back rather than pushed under the
 * reader's eyes: `unseen` are those the feed does not show yet, and `show()`
 * puts them at its top.
 *
 * @param shown the posts the feed shows now. A post among them is not new —
 * the viewer's own, which the compose form adds, or one a refetch brought in.
 */
export function useNewPosts(shown: readonly FeedPost[]) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [arrived, setArrived] = useState<FeedPost[]>([]);
  // The event for the viewer's own post can beat the mutation's answer; until
  // that answer puts the post in the feed, it would briefly count as new.
  const posting = useIsMutating({ mutationKey: trpc.post.create.mutationKey() }) > 0;

  const subscription = useLiveSubscription(
    trpc.post.onCreated.subscriptionOptions(
      {},
      {
        // Newest first, like the feed.
        onData: ({ data: post }) =>
          setArrived((posts) => (posts.some(({ id }) => id === post.id) ? posts : [post, ...posts])),
      },
    ),
  );

  const shownIds = new Set(shown.map(({ id }) => id));
  const unseen = posting ? [] : arrived.filter(({ id }) => !shownIds.has(id));

  const show = () => {
    setArrived([]);
    queryClient.setQueryData(trpc.post.list.infiniteQueryKey({ limit: FEED_PAGE_SIZE }), (feed) => {
      const [first, ...rest] = feed?.pages ?? [];
      if (!feed || !first) return feed;
      return { ...feed, pages: [{ ...first, items: [...unseen, ...first.items] }, ...rest] };
    });
    // At once from what the events carried; then the server's pages, whose
    // counts may have moved since and whose cursors now start after these posts.
    void queryClient.invalidateQueries({ queryKey: trpc.post.list.infiniteQueryKey() });
  };

  return { unseen, show, subscription };
}
