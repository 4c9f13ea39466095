import { createRestApi } from "@/server/rest-api";

export const dynamic = "force-dynamic";

/**
 * The REST API (/api/v1/…) under `next dev` and `next start`; the production
 * server answers these paths itself, before Next, with the same handler.
 */
const handler = createRestApi();

// HEAD and OPTIONS too: else Next answers them itself (OPTIONS with an Allow listing every method exported here).
export {
  handler as DELETE,
  handler as GET,
  handler as HEAD,
  handler as OPTIONS,
  handler as PATCH,
  handler as POST,
  handler as PUT,
};
