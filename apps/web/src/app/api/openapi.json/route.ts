import { appRouter } from "@trellis/api";
import { createOpenApiDocument } from "@trellis/server/rest";

import { REST_BASE_PATH } from "@/server/rest-api";
import { secureCookies } from "@/server/settings";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the procedures, once.
 * The server URL is relative, so "try it out" calls whichever host served it;
 * the session cookie's name is this deployment's (`__Secure-` in production).
 */
let document: ReturnType<typeof createOpenApiDocument> | undefined;

export function GET() {
  document ??= createOpenApiDocument({ router: appRouter, baseUrl: REST_BASE_PATH, secureCookies: secureCookies() });
  return Response.json(document);
}
