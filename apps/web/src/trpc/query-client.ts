import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import { transformer } from "@trellis/api/transformer";

/** One factory for the server's per-request client and the browser's long-lived one, so both agree. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data the server just rendered is fresh: without this the browser refetches it on hydration.
        staleTime: 30 * 1000,
      },
      dehydrate: {
        // Dates in procedure output cross the server → browser boundary intact (tRPC's own wire format).
        serializeData: transformer.output.serialize,
        // A prefetch still in flight streams to the browser instead of being refetched there.
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: {
        deserializeData: transformer.output.deserialize,
      },
    },
  });
}
