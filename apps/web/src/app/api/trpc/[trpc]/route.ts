import { appRouter } from "@trellis/api";
import { logIfUnexpected } from "@trellis/api/log";
import { REQUEST_ID_HEADER, requestIdFrom } from "@trellis/api/request-id";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { createRequestContext } from "@/server/context";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  // The caller's X-Request-Id when it is fit to echo (under `pnpm start` the server already chose it), else a new one.
  const requestId = requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createRequestContext({ requestId }),
    onError({ error, path }) {
      // Expected errors (bad input, not found) are the caller's business; only a bug deserves the log.
      logIfUnexpected({ code: error.code, error, requestId, where: `tRPC ${path ?? "<no path>"}` });
    },
  });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export { handler as GET, handler as POST };
