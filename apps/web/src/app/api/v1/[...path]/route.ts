import { appRouter } from "@trellis/api";
import { logIfUnexpected } from "@trellis/server/log";
import { createRestHandler } from "@trellis/server/rest";

import { createRequestContext } from "@/server/context";

export const dynamic = "force-dynamic";

/** The REST API (/api/v1/…), served by the same procedures as /api/trpc: see packages/server/src/rest. */
const handler = createRestHandler({
  router: appRouter,
  basePath: "/api/v1",
  createContext: (_req, requestId) => createRequestContext({ requestId }),
  onError({ code, procedure, cause, requestId }) {
    // Expected errors (bad input, not found) are the caller's business; only a bug deserves the log.
    logIfUnexpected({ code, error: cause, requestId, where: `REST ${procedure ?? "<no route>"}` });
  },
});

// OPTIONS too: else Next answers it itself, with an Allow listing every method exported here.
export { handler as DELETE, handler as GET, handler as OPTIONS, handler as PATCH, handler as POST, handler as PUT };
