"use client";

import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { AppRouter } from "@trellis/api";
import { transformer } from "@trellis/api/transformer";
import { MAX_BATCH_CALLS } from "@trellis/validators/limits";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { type ReactNode, useState } from "react";

import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  // On the server every render gets its own cache, so one request's data never reaches another.
  if (typeof window === "undefined") return makeQueryClient();
  // In the browser one cache lives for the tab, even if React suspends and remounts the provider.
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

/** Server-side rendering of a client component has no origin to be relative to: it calls this server's port. */
function apiUrl(serverPort: number): string {
  if (typeof window !== "undefined") return "/api/trpc";
  return `http://127.0.0.1:${serverPort}/api/trpc`;
}

/**
 * `serverPort`: the settings' PORT, handed down from a server component (TRPCClientLayout in
 * ./boundaries.tsx, or the feed page through live-feed.tsx), so this client module never reads the environment.
 */
export function TRPCReactProvider({ children, serverPort }: { children: ReactNode; serverPort: number }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // Subscriptions stream over SSE (EventSource, which resumes with Last-Event-ID); the rest is batched.
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: apiUrl(serverPort), transformer }),
          // The server refuses a longer batch whole: more queries at once go out as more requests.
          false: httpBatchLink({ url: apiUrl(serverPort), transformer, maxItems: MAX_BATCH_CALLS }),
        }),
      ],
    }),
  );

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
