import { appRouter } from "@trellis/api";
import { REQUEST_ID_HEADER, requestIdFrom } from "@trellis/api/request-id";
import { createFetchHandler } from "@trellis/server/http";
import { logIfUnexpected } from "@trellis/server/log";

import { createRequestContext } from "@/server/context";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  // The caller's X-Request-Id when it is fit to echo (under `pnpm start` the server already chose it), else a new one.
  const requestId = requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
  // tRPC's stock handler, behind the same batch and body limits and headers as the production server's lean path.
  const handleTRPC = createFetchHandler({
    router: appRouter,
    endpoint: "/api/trpc",
    createContext: () => createRequestContext({ requestId }),
    onError({ error, path }) {
      // Expected errors (bad input, not found) are the caller's business; only a bug deserves the log.
      logIfUnexpected({ code: error.code, error, requestId, where: `tRPC ${path ?? "<no path>"}` });
    },
  });
  const response = await handleTRPC(req);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export { handler as GET, handler as POST };
