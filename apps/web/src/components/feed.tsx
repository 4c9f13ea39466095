"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useRef } from "react";

import { FEED_PAGE_SIZE, nextCursor } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { ErrorPanel } from "./error-panel";
import { LiveIndicator } from "./live-indicator";
import { NewPostsButton } from "./new-posts-button";
import { PendingButton } from "./pending-button";
import { PostCard } from "./post-card";
import { FeedSkeleton } from "./skeletons";
import { useLive } from "./use-live";
import { useLiveLikes } from "./use-live-likes";
import { useNewPosts } from "./use-new-posts";

export function Feed() {
  const trpc = useTRPC();
  const feed = useInfiniteQuery(
    trpc.post.list.infiniteQueryOptions({ limit: FEED_PAGE_SIZE }, { getNextPageParam: nextCursor }),
  );
  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];
  const newPosts = useNewPosts(posts);
  const likes = useLiveLikes();
  const live = useLive(newPosts.subscription.status, likes.status);
  const heading = useRef<HTMLHeadingElement>(null);

  if (feed.isPending) return <FeedSkeleton />;
  if (feed.isError) {
    return <ErrorPanel title="The feed didn’t load" message={feed.error.message} onRetry={() => void feed.refetch()} />;
  }

  return (
    <section aria-labelledby="feed-heading" className="space-y-4">
      <div className="flex items-center justify-between gap-4">
        <h2
          id="feed-heading"
          ref={heading}
          tabIndex={-1}
          className="scroll-mt-20 text-sm font-semibold uppercase tracking-wide text-ink-subtle"
        >
          Latest posts
        </h2>
        <LiveIndicator state={live} />
      </div>
      {newPosts.unseen.length > 0 ? (
        <NewPostsButton
          count={newPosts.unseen.length}
          onClick={() => {
            newPosts.show();
            // The button goes away: bring the reader, and their focus, to just above the posts it brought.
            heading.current?.scrollIntoView({ block: "start" });
            heading.current?.focus({ preventScroll: true });
          }}
        />
      ) : null}
      {posts.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-line-strong px-6 py-12 text-center text-ink-muted">
          Nothing here yet. Write the first post above.
        </p>
      ) : (
        <ul className="space-y-3">
          {posts.map((post) => (
            <li key={post.id}>
              <PostCard post={post} />
            </li>
          ))}
        </ul>
      )}
      {feed.hasNextPage ? (
        <div className="flex justify-center pt-2">
          <PendingButton
            onClick={() => void feed.fetchNextPage()}
            pending={feed.isFetchingNextPage}
            className={buttonStyles.secondary}
          >
            Load more
          </PendingButton>
        </div>
      ) : posts.length > 0 ? (
        <p className="pt-2 text-center text-sm text-ink-subtle">You’re all caught up.</p>
      ) : null}
      {feed.isFetchNextPageError ? (
        <p role="alert" className="text-center text-sm text-danger">
          Couldn’t load more posts. Try again.
        </p>
      ) : null}
    </section>
  );
}
