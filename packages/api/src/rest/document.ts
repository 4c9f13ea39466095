import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";

import { appRouter } from "../root";
import { problemSchema, problemTitles } from "./problem";
import { methodKey, type RestRoute, restRoutes } from "./routes";

/**
 * The OpenAPI 3.1 document of the REST API, generated from the procedures'
 * zod inputs and outputs by trpc-to-openapi. Its responses are then replaced
 * with what the REST handler really sends (./handler.ts): the success status of
 * each route, and problem details for each error it can answer with.
 */
export function createOpenApiDocument(options: { baseUrl: string }): OpenAPIObject {
  const document = generateOpenApiDocument(appRouter, {
    title: "Trellis API",
    version: "1.0.0",
    description: [
      "The REST face of the same tRPC procedures the web app and the typed client call.",
      "Authenticate with an API token (create one in Settings → API tokens) as `Authorization: Bearer trl_…`,",
      "or with the browser session cookie. Errors are RFC 9457 problem details.",
      "Lists are paginated by cursor: pass a page's `nextCursor` back as `cursor`.",
    ].join(" "),
    baseUrl: options.baseUrl,
    securitySchemes: {
      bearerToken: { type: "http", scheme: "bearer", description: "An API token, `trl_…`" },
      sessionCookie: {
        type: "apiKey",
        in: "cookie",
        name: "authjs.session-token",
        description: "A signed-in browser (over HTTPS the cookie is `__Secure-authjs.session-token`)",
      },
    },
    tags: ["posts", "comments", "likes", "account"],
    defs: { Problem: problemSchema },
  });

  for (const route of restRoutes) {
    const operation = document.paths?.[route.path]?.[methodKey(route.method)];
    if (!operation) throw new Error(`The OpenAPI document has no ${route.method} ${route.path}`);
    const generated = operation.responses?.["200"];
    operation.responses = {
      [route.successStatus]: successResponse(route, generated),
      ...Object.fromEntries(
        errorStatuses(route, hasInput(operation)).map((status) => [status, problemReference(status)]),
      ),
    };
    if (takesBody(route) && !operation.requestBody) operation.requestBody = emptyBody;
    // Anonymous callers may use public routes: say so, rather than listing a scheme they need not use.
    if (route.access === "public") operation.security = [{}, { bearerToken: [] }, { sessionCookie: [] }];
  }
  return document;
}

function successResponse(route: RestRoute, generated: unknown) {
  if (route.successStatus === 204) return { description: "Done; nothing to return" };
  const response = typeof generated === "object" && generated ? generated : {};
  if (route.successStatus !== 201) return response;
  return {
    ...response,
    description: "Created",
    ...(route.location && {
      headers: {
        Location: {
          description: `Where to read it: ${route.location}`,
          schema: { type: "string", examples: [`/api/v1${route.location}`] },
        },
      },
    }),
  };
}

/** Every error status this route can answer with, from what it takes and who may call it. */
function errorStatuses(route: RestRoute, takesInput: boolean): number[] {
  // A token that is unknown, revoked or expired is refused on every route.
  const statuses = new Set<number>([401]);
  if (takesInput) statuses.add(400); // invalid input, a bad cursor, unparseable JSON
  if (route.access !== "public") statuses.add(403); // a read-only token mutating; a user on an admin route
  if (route.path.includes("{") || route.access === "owner") statuses.add(404);
  if (takesBody(route)) statuses.add(413).add(415); // a body must be JSON, and at most 100 kB
  for (const status of route.errors) statuses.add(status);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

const takesBody = (route: RestRoute) => route.method === "POST" || route.method === "PATCH" || route.method === "PUT";

/** A write whose input is all in its path still sends JSON: the content type is the CSRF guard (ADR 016). */
const emptyBody = {
  required: false,
  description: "Nothing to send: an empty body, or `{}`, as application/json",
  content: { "application/json": { schema: { type: "object" as const, maxProperties: 0 }, example: {} } },
};

const hasInput = (operation: { parameters?: unknown[]; requestBody?: unknown }) =>
  Boolean(operation.requestBody) || (operation.parameters?.length ?? 0) > 0;

const problemReference = (status: number) => ({
  description: problemTitles[status] ?? "Error",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});
