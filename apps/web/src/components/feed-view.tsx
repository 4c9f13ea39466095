import { useRef } from "react";

import { buttonStyles } from "./button-styles";
import { type IndicatorState, LiveIndicator } from "./live-indicator";
import { NewPostsButton } from "./new-posts-button";
import { PendingButton } from "./pending-button";
import { type FeedPost, PostCard } from "./post-card";

interface Props {
  posts: readonly FeedPost[];
  live: IndicatorState;
  /** How many posts arrived since the feed loaded, waiting behind a button. */
  unseenCount: number;
  onShowUnseen: () => void;
  hasNextPage: boolean;
  loadingMore: boolean;
  /**
   * Absent while the feed cannot fetch yet: the button stays focusable but says it is disabled
   * (aria-disabled), and points at the status that says why.
   */
  onLoadMore?: () => void;
  loadMoreFailed: boolean;
}

/** One feed per page: the live status "Load more" points at while it waits. */
const FEED_STATUS_ID = "feed-live-status";

/**
 * What the feed looks like, whoever drives it: the live feed (`feed.tsx`), or
 * the page a signed-out reader sees before the live feed's code has arrived
 * (`feed-loaders.tsx`). It holds no data of its own, so both render the same markup.
 */
export function FeedView({
  posts,
  live,
  unseenCount,
  onShowUnseen,
  hasNextPage,
  loadingMore,
  onLoadMore,
  loadMoreFailed,
}: Props) {
  const heading = useRef<HTMLHeadingElement>(null);

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
        <LiveIndicator state={live} id={FEED_STATUS_ID} />
      </div>
      {unseenCount > 0 ? (
        <NewPostsButton
          count={unseenCount}
          onClick={() => {
            onShowUnseen();
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
      {hasNextPage ? (
        <div className="flex justify-center pt-2">
          <PendingButton
            onClick={() => onLoadMore?.()}
            aria-disabled={onLoadMore ? undefined : true}
            aria-describedby={onLoadMore ? undefined : FEED_STATUS_ID}
            pending={loadingMore}
            className={buttonStyles.secondary}
          >
            Load more
          </PendingButton>
        </div>
      ) : posts.length > 0 ? (
        <p className="pt-2 text-center text-sm text-ink-subtle">You’re all caught up.</p>
      ) : null}
      {loadMoreFailed ? (
        <p role="alert" className="text-center text-sm text-danger">
          Couldn’t load more posts. Try again.
        </p>
      ) : null}
    </section>
  );
}
