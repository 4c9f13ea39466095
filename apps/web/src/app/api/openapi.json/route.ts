import { appRouter } from "@trellis/api";
import { createOpenApiDocument } from "@trellis/server/rest";

import { REST_BASE_PATH } from "@/server/rest-api";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the procedures. The
 * server URL is relative, so "try it out" calls whichever host served it.
 */
const document = createOpenApiDocument({ router: appRouter, baseUrl: REST_BASE_PATH });

export function GET() {
  return Response.json(document);
}
