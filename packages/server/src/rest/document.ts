import type { AnyTRPCRouter } from "@trpc/server";
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";

import { problemSchema, problemTitles } from "./problem";
import { methodKey, type RestRoute, restRoutesOf } from "./routes";

/**
 * The OpenAPI 3.1 document of the REST API, generated from the procedures'
 * zod inputs and outputs by trpc-to-openapi. Its responses are then replaced
 * with what the REST handler really sends (./handler.ts): the success status of
 * each route, and problem details for each error it can answer with.
 */
export function createOpenApiDocument(options: {
  router: AnyTRPCRouter;
  baseUrl: string;
  /** Whether this deployment's cookies are `__Secure-` (production): the session cookie's name follows. */
  secureCookies: boolean;
}): OpenAPIObject {
  const document = generateOpenApiDocument(options.router, {
    title: "Trellis API",
    version: "1.0.0",
    description: [
      "The REST face of the same tRPC procedures the web app and the typed client call.",
      "Authenticate with an API token (create one in Settings → API tokens) as `Authorization: Bearer trl_…`,",
      "or with the browser session cookie. Errors are RFC 9457 problem details.",
      "Lists are paginated by cursor: pass a page's `nextCursor` back as `cursor`.",
      "Every operation is rate limited: over a limit it answers 429 with `Retry-After`.",
      "Answers to a request with credentials are `Cache-Control: private, no-store`; anonymous reads are",
      "`public, no-cache`. Every successful read carries an `ETag`: send it back as `If-None-Match`",
      "and an unchanged answer is `304 Not Modified`, with no body.",
    ].join(" "),
    baseUrl: options.baseUrl,
    securitySchemes: {
      bearerToken: { type: "http", scheme: "bearer", description: "An API token, `trl_…`" },
      sessionCookie: sessionCookieScheme(options.secureCookies),
    },
    defs: { Problem: problemSchema },
  });
  document.info.license = license;
  document.tags = tags;

  for (const route of restRoutesOf(options.router)) {
    const operation = document.paths?.[route.path]?.[methodKey(route.method)];
    if (!operation) throw new Error(`The OpenAPI document has no ${route.method} ${route.path}`);
    const generated = operation.responses?.["200"];
    operation.responses = {
      [route.successStatus]: successResponse(route, generated),
      ...Object.fromEntries(errorStatuses(route).map((status) => [status, problemResponse(status)])),
    };
    if (route.body === "empty") operation.requestBody = emptyBody;
    if (route.method === "PATCH") requireSomeField(operation);
    // Anonymous callers may use public routes: say so, rather than listing a scheme they need not use.
    if (route.access === "public") operation.security = [{}, { bearerToken: [] }, { sessionCookie: [] }];
  }
  // The generated `error.*` schemas ({ message, code, issues }) describe the library's own error body,
  // which no answer carries: every error is a Problem, and nothing refers to them once replaced above.
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas)) if (name.startsWith("error.")) delete schemas[name];
  return document;
}

/** The session cookie's name is the deployment's: `__Secure-` in production (HTTPS only), plain under `next dev`. */
export const sessionCookieName = (secureCookies: boolean) =>
  secureCookies ? "__Secure-authjs.session-token" : "authjs.session-token";

const sessionCookieScheme = (secureCookies: boolean) => ({
  type: "apiKey" as const,
  in: "cookie" as const,
  name: sessionCookieName(secureCookies),
  description: [
    "A signed-in browser's session cookie, sent by the browser itself.",
    `This server names it \`${sessionCookieName(secureCookies)}\`;`,
    "a production deployment (HTTPS) names it `__Secure-authjs.session-token`, `next dev` `authjs.session-token`.",
  ].join(" "),
});

const license = { name: "Proprietary", identifier: "LicenseRef-Proprietary" };

const tags = [
  { name: "posts", description: "The feed and its posts: read by anyone, written by signed-in people" },
  { name: "comments", description: "Comments under a post: read by anyone, written by signed-in people" },
  { name: "likes", description: "Your like on a post: add it or take it back" },
  { name: "account", description: "Who is calling: the signed-in person behind the token or cookie" },
];

type Operation = NonNullable<NonNullable<NonNullable<OpenAPIObject["paths"]>[string]>["patch"]>;

/**
 * A PATCH changes only what it names (RFC 5789): where its fields are optional,
 * the body names at least one of them. Said as `anyOf` of each one required,
 * not `minProperties`: zod drops a key it does not know, so `{"titel": "x"}`
 * names no field and is refused (400), and the schema must refuse it too.
 * A PATCH whose fields are all required (a comment's body) is left as generated.
 */
function requireSomeField(operation: Operation) {
  const body = operation.requestBody;
  const schema = body && "content" in body ? body.content["application/json"]?.schema : undefined;
  if (!body || !schema || !("properties" in schema)) return;
  const required = new Set(schema.required ?? []);
  const optional = Object.keys(schema.properties ?? {}).filter((name) => !required.has(name));
  if (optional.length === 0) return;
  schema.anyOf = optional.map((name) => ({ required: [name] }));
  body.description = "The fields to change, at least one; a field left out keeps its value";
}

function successResponse(route: RestRoute, generated: unknown) {
  if (route.successStatus === 204) return { description: "Done; nothing to return" };
  const response = typeof generated === "object" && generated ? generated : {};
  if (route.successStatus !== 201) return response;
  return {
    ...response,
    description: "Created",
    // Every create names its `location` (./routes.ts refuses one that does not).
    headers: {
      Location: {
        description: `Where to read it: ${route.location}`,
        required: true,
        schema: { type: "string", examples: [`/api/v1${route.location}`] },
      },
    },
  };
}

/** Every error status this route can answer with, from what it takes and who may call it. */
function errorStatuses(route: RestRoute): number[] {
  // Any route: invalid input or a body it does not take (400), a token that is unknown, revoked or expired
  // (401), a body over 100 kB (413), a rate limit (429: anonymous reads per address, API-token calls, writes).
  const statuses = new Set<number>([400, 401, 413, 429]);
  if (route.access !== "public") statuses.add(403); // a read-only token mutating; a user on an admin route
  if (route.path.includes("{") || route.access === "owner") statuses.add(404);
  if (route.body !== "none") statuses.add(415); // a write's body must be JSON, even an empty one (ADR 016)
  for (const status of route.errors) statuses.add(status);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

/** A write whose input is all in its path still sends JSON: the content type is the CSRF guard (ADR 016). */
const emptyBody = {
  required: false,
  description: "Nothing to send: an empty body, or `{}`, as application/json",
  content: { "application/json": { schema: { type: "object" as const, maxProperties: 0 }, example: {} } },
};

/** The headers an error status comes with, beside X-Request-Id. */
const errorHeaders: Record<number, Record<string, { description: string; schema: object }>> = {
  401: {
    "WWW-Authenticate": {
      description:
        'The challenge: `Bearer realm="trellis"`, with `error="invalid_token"` when the token sent was refused',
      schema: { type: "string", examples: ['Bearer realm="trellis", error="invalid_token"'] },
    },
  },
  429: {
    "Retry-After": {
      description: "Seconds until the limit lets this caller in again",
      schema: { type: "integer", minimum: 1, examples: [42] },
    },
  },
};

const problemResponse = (status: number) => ({
  description: problemTitles[status] ?? "Error",
  ...(errorHeaders[status] && { headers: errorHeaders[status] }),
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});
