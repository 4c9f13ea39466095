import "server-only";

import type { FetchInfiniteQueryOptions, FetchQueryOptions, QueryKey } from "@tanstack/react-query";
import { appRouter } from "@trellis/api";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache } from "react";

import { createRequestContext } from "@/server/context";

import { makeQueryClient } from "./query-client";

/*
 * Server-side only, and no client component: the root layout imports this
 * module (getViewer), so a client component named here would be part of every
 * page's JavaScript. The client boundaries live in ./boundaries.tsx.
 */

/** One QueryClient per request: React's `cache` scopes it to the render, so requests never share data. */
export const getQueryClient = cache(makeQueryClient);

/** The request's context, built once per request and shared by every prefetch and the layout. */
const getRequestContext = cache(createRequestContext);

/** Server components call procedures in-process through the same query options the browser uses. */
export const trpc = createTRPCOptionsProxy({
  router: appRouter,
  ctx: () => getRequestContext(),
  queryClient: getQueryClient,
});

/**
 * Awaited on purpose: the client hooks then render real data during server
 * rendering, so the HTML carries the content rather than a spinner.
 */
export function prefetch<TQueryFnData, TError, TData, TQueryKey extends QueryKey>(
  options: FetchQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
): Promise<void> {
  return getQueryClient().prefetchQuery(options);
}

export function prefetchInfinite<TQueryFnData, TError, TData, TQueryKey extends QueryKey, TPageParam>(
  options: FetchInfiniteQueryOptions<TQueryFnData, TError, TData, TQueryKey, TPageParam>,
): Promise<void> {
  return getQueryClient().prefetchInfiniteQuery(options);
}

/**
 * Who the request is from, as pages see it. The layout hands it to the
 * browser (ViewerProvider): the session's own id stays on the server.
 */
export async function getViewer() {
  const viewer = (await getRequestContext()).viewer;
  if (!viewer) return null;
  const { session: _session, ...shown } = viewer;
  return shown;
}
