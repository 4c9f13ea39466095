import "server-only";

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { settings } from "@trellis/validators/settings";
import type { ReactNode } from "react";

import { TRPCReactProvider } from "./react";
import { getQueryClient } from "./server";

/**
 * The layout of a page whose client components call procedures: the tRPC
 * client and the query cache they share. Not the root layout's, so a page
 * that calls none (the feed, for a signed-out reader) loads none of it.
 */
export function TRPCClientLayout({ children }: LayoutProps<"/">) {
  return <TRPCReactProvider serverPort={settings().port}>{children}</TRPCReactProvider>;
}

/** Hands everything prefetched during this request to the client components below it. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
