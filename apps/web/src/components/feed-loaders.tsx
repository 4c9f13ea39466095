"use client";

import dynamic from "next/dynamic";
import { lazy, Suspense } from "react";

import { useHydrated } from "@/lib/use-hydrated";

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
 * Until then "Load more" waits, disabled, and the indicator says "Connecting…".
 */
export const SignedInFeed = dynamic(() => import("./live-feed").then((module) => module.LiveFeed));

const LiveFeedAfterHydration = lazy(() => import("./live-feed").then((module) => ({ default: module.LiveFeed })));

export function ReaderFeed({ firstPage, serverPort }: Omit<LiveFeedProps, "compose">) {
  const hydrated = useHydrated();
  const firstPageAlone = (
    <FeedView
      posts={firstPage.items}
      live="connecting"
      unseenCount={0}
      onShowUnseen={() => {}}
      hasNextPage={firstPage.nextCursor !== null}
      loadingMore={false}
      loadMoreFailed={false}
    />
  );
  if (!hydrated) return firstPageAlone;
  return (
    <Suspense fallback={firstPageAlone}>
      <LiveFeedAfterHydration firstPage={firstPage} serverPort={serverPort} compose={false} />
    </Suspense>
  );
}
