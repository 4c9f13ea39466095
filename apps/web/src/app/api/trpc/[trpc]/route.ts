import { appRouter } from "@trellis/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { createRequestContext } from "@/server/context";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: createRequestContext,
    onError({ error, path }) {
      // Expected errors (bad input, not found) are the caller's business; only a bug deserves the log.
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "<no path>"} failed:`, error);
    },
  });
}

export { handler as GET, handler as POST };
