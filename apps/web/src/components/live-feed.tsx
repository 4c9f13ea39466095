"use client";

import { TRPCReactProvider } from "@/trpc/react";

import { ComposePostFormLazy } from "./compose-post-form-lazy";
import { Feed } from "./feed";
import type { FeedPage } from "./post-cache";

export interface LiveFeedProps {
  firstPage: FeedPage;
  /** When the server read `firstPage` (ms since the epoch): newer than what the browser has cached, it wins. */
  firstPageFetchedAt: number;
  /** The settings' PORT, for the tRPC client's server rendering (see TRPCReactProvider). */
  serverPort: number;
  /** A signed-in viewer writes posts above the feed. */
  compose: boolean;
}

/**
 * The feed page's client: the compose form and the live feed, with the tRPC
 * client and query cache they share. In a module of its own, because it is
 * the bulk of the page's JavaScript (TanStack Query, the tRPC client, the wire
 * format): `feed-loaders.tsx` decides when each viewer fetches it.
 */
export function LiveFeed({ firstPage, firstPageFetchedAt, serverPort, compose }: LiveFeedProps) {
  return (
    <TRPCReactProvider serverPort={serverPort}>
      {compose ? <ComposePostFormLazy /> : null}
      <Feed firstPage={firstPage} fetchedAt={firstPageFetchedAt} />
    </TRPCReactProvider>
  );
}
