import "server-only";

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { settings } from "@trellis/validators/settings";
import type { ReactNode } from "react";

import { TRPCReactProvider } from "./react";
import { getQueryClient } from "./server";

/*
 * The client boundaries of server-rendered pages. Apart from ./server.tsx,
 * which the root layout imports: a client component named in a module the root
 * layout imports is part of every page's JavaScript, and these bring TanStack
 * Query and the tRPC client, which a signed-out reader of the feed does without.
 */

/**
 * The layout of a page whose client components call procedures: the tRPC
 * client and the query cache they share. Not the root layout's, so a page
 * that calls none (the feed, for a signed-out reader) loads none of it.
 */
export function TRPCClientLayout({ children }: { children: ReactNode }) {
  return <TRPCReactProvider serverPort={settings().port}>{children}</TRPCReactProvider>;
}

/**
 * Hands everything prefetched during this request to the client components
 * below it, with the tRPC client they call it through: a page that prefetches
 * needs no layout of its own.
 */
export function HydrateClient({ children }: { children: ReactNode }) {
  return (
    <TRPCClientLayout>
      <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>
    </TRPCClientLayout>
  );
}
