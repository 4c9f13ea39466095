"use client";

import dynamic from "next/dynamic";
import { type ComponentType, lazy, type RefObject, Suspense, startTransition, useEffect, useState } from "react";

import { type FocusKey, useRememberFocus, useRestoreFocus } from "@/lib/keep-focus";

import { FallbackOnError } from "./fallback-on-error";
import { FeedView } from "./feed-view";
import type { LiveFeedProps } from "./live-feed";

/**
 * How the feed page's client (`live-feed.tsx`) reaches each viewer.
 *
 * A signed-in viewer writes and likes at once, so the server renders the live
 * feed and the page preloads its chunk, as any component's.
 *
 * A signed-out reader can only read, load more and watch: the server renders
 * the same markup from the first page, which hydrates with next to no
 * JavaScript (links, relative times), and the live feed's chunks (~29 kB
 * gzipped) are fetched once the page has hydrated, then take over in place.
 * Until then "Load more" waits (aria-disabled) and the indicator says "Connecting…".
 * If the chunks fail to download (offline, or a deploy replaced them), the
 * posts stay as they are, the indicator says so, and "Load more" tries again.
 */
export const SignedInFeed = dynamic(() => import("./live-feed").then((module) => module.LiveFeed));

type ReaderFeedProps = Omit<LiveFeedProps, "compose">;

/**
 * A fresh lazy component per attempt: `lazy` remembers a rejected import for
 * good, so trying again needs a new one (the browser fetches the chunk anew).
 */
const lazyLiveFeed = () =>
  lazy(() => import("./live-feed").then((module) => ({ default: module.LiveFeed as ComponentType<LiveFeedProps> })));

const feedSection = () => document.getElementById("feed-heading")?.closest("section") ?? null;

export function ReaderFeed({ firstPage, firstPageFetchedAt, serverPort }: ReaderFeedProps) {
  const [attempt, setAttempt] = useState(() => ({ count: 0, LiveFeed: lazyLiveFeed() }));
  const [load, setLoad] = useState(false);
  const focus = useRememberFocus(feedSection);

  // After hydration, as a transition: React keeps the hydrated markup on screen until the chunk has arrived.
  useEffect(() => startTransition(() => setLoad(true)), []);

  const tryAgain = () =>
    startTransition(() => setAttempt((previous) => ({ count: previous.count + 1, LiveFeed: lazyLiveFeed() })));

  const firstPageAlone = (live: "connecting" | "unavailable", onLoadMore?: () => void) => (
    <FeedView
      posts={firstPage.items}
      live={live}
      unseenCount={0}
      onShowUnseen={() => {}}
      hasNextPage={firstPage.nextCursor !== null}
      loadingMore={false}
      onLoadMore={onLoadMore}
      loadMoreFailed={false}
    />
  );
  const waiting = firstPageAlone("connecting");

  // The same tree on the server, in hydration and after: only `load` changes, so the hydrated DOM is kept.
  return (
    <FallbackOnError key={attempt.count} fallback={firstPageAlone("unavailable", tryAgain)}>
      <Suspense fallback={waiting}>
        {load ? (
          <>
            <attempt.LiveFeed
              firstPage={firstPage}
              firstPageFetchedAt={firstPageFetchedAt}
              serverPort={serverPort}
              compose={false}
            />
            <RestoreFocus remembered={focus} />
          </>
        ) : (
          waiting
        )}
      </Suspense>
    </FallbackOnError>
  );
}

/** Mounts in the same commit as the live feed, when the reader's markup has just been replaced. */
function RestoreFocus({ remembered }: { remembered: RefObject<FocusKey | null> }) {
  useRestoreFocus(remembered, feedSection);
  return null;
}
