"use client";

import { useInfiniteQuery } from "@tanstack/react-query";

import { FEED_PAGE_SIZE, nextCursor } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";

import { ErrorPanel } from "./error-panel";
import { FeedView } from "./feed-view";
import type { FeedPage } from "./post-cache";
import { FeedSkeleton } from "./skeletons";
import { useLive } from "./use-live";
import { useLiveLikes } from "./use-live-likes";
import { useNewPosts } from "./use-new-posts";

/**
 * The feed, live: pages by cursor, posts written since it loaded, like counts
 * as they change. `firstPage` is the page the server rendered, so the browser
 * starts from it instead of fetching it again.
 */
export function Feed({ firstPage }: { firstPage: FeedPage }) {
  const trpc = useTRPC();
  const feed = useInfiniteQuery({
    ...trpc.post.list.infiniteQueryOptions({ limit: FEED_PAGE_SIZE }, { getNextPageParam: nextCursor }),
    // Only when nothing is cached: a reader coming back to the feed keeps the pages they loaded.
    initialData: { pages: [firstPage], pageParams: [null] },
  });
  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];
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
