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
 * Hands everything prefetched during this request so far to the client
 * components below it, inside a TRPCClientLayout: for a page whose parts
 * stream in one after another and share one tRPC client (so their calls batch).
 */
export function HydrateQueries({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/**
 * Hands everything prefetched during this request to the client components
 * below it, with the tRPC client they call it through: a page that prefetches
 * needs no layout of its own. A page with several such parts wraps them in one
 * TRPCClientLayout and each in HydrateQueries instead, so they share the client.
 */
export function HydrateClient({ children }: { children: ReactNode }) {
  return (
    <TRPCClientLayout>
      <HydrateQueries>{children}</HydrateQueries>
    </TRPCClientLayout>
  );
}
