"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { FEED_PAGE_SIZE, nextCursor } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";
import { useDeletedPostIds } from "./deleted-posts";
import { ErrorPanel } from "./error-panel";
import { FeedView } from "./feed-view";
import type { FeedPage } from "./post-cache";
import { FeedSkeleton } from "./skeletons";
import { useLive } from "./use-live";
import { useLiveLikes } from "./use-live-likes";
import { useNewPosts } from "./use-new-posts";

/**
 * The feed, live: pages by cursor, posts written since it loaded, like counts
 * as they change. `firstPage` is the page the server rendered at `fetchedAt`,
 * so the browser starts from it instead of fetching it again.
 */
export function Feed({ firstPage, fetchedAt }: { firstPage: FeedPage; fetchedAt: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.post.list.infiniteQueryOptions({ limit: FEED_PAGE_SIZE }, { getNextPageParam: nextCursor });
  const initialData = { pages: [firstPage], pageParams: [null] };
  // Once, before the query is read: a reader coming back to the feed keeps the pages they loaded,
  // unless the server's page is newer (they renamed themselves, or posted, since): then the feed
  // starts again from it, as from a fresh load.
  useState(() => {
    const cached = queryClient.getQueryState(options.queryKey);
    if (cached?.data && cached.dataUpdatedAt < fetchedAt) {
      queryClient.setQueryData(options.queryKey, initialData, { updatedAt: fetchedAt });
    }
  });
  const feed = useInfiniteQuery({ ...options, initialData, initialDataUpdatedAt: fetchedAt });
  // Not a post this tab heard was deleted: a refetch that read before the deletion may answer after it.
  const deleted = useDeletedPostIds();
  const posts = (feed.data?.pages.flatMap((page) => page.items) ?? []).filter(({ id }) => !deleted.has(id));
  const newPosts = useNewPosts(posts);
  const likes = useLiveLikes();
  const live = useLive(newPosts.subscription.status, likes.status);

  if (feed.isPending) return <FeedSkeleton />;
  if (feed.isError) {
    return <ErrorPanel title="The feed didn’t load" message={feed.error.message} onRetry={() => void feed.refetch()} />;
  }

  return (
    <FeedView
      posts={posts}
      live={live}
      unseenCount={newPosts.unseen.length}
      onShowUnseen={newPosts.show}
      hasNextPage={feed.hasNextPage}
      loadingMore={feed.isFetchingNextPage}
      onLoadMore={() => void feed.fetchNextPage()}
      loadMoreFailed={feed.isFetchNextPageError}
    />
  );
}
