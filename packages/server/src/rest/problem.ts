import { z } from "zod";

/**
 * Errors in REST are RFC 9457 problem details (`application/problem+json`):
 * the HTTP status and its title, a human `detail`, the tRPC `code` a typed
 * client would see, the request's id (also in the `X-Request-Id` header: it
 * finds the request in the server's log), and for invalid input the failing
 * fields. Nothing else from the error travels: no stack, no cause, no SQL, no
 * file path.
 */
export const problemSchema = z
  .object({
    type: z.literal("about:blank").meta({ description: "No problem-specific type: the status says it" }),
    title: z.string().meta({ description: "The status's reason phrase" }),
    status: z.number().int().min(400).max(599),
    detail: z.string().meta({ description: "What went wrong, for a person" }),
    code: z.string().meta({ description: "The tRPC error code, e.g. NOT_FOUND" }),
    requestId: z
      .string()
      .meta({ description: "The request's id, as in the X-Request-Id header: quote it in a report" }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "For invalid input: each failing field (dotted path) and why" }),
  })
  .meta({
    id: "Problem",
    examples: [
      {
        type: "about:blank",
        title: "Bad Request",
        status: 400,
        detail: "The request is invalid: see errors",
        code: "BAD_REQUEST",
        requestId: "0f8e3a52-4c1d-4b7e-9a61-2d5c7b9e1f03",
        errors: [{ path: "title", message: "Title is required" }],
      },
    ],
  });

export type Problem = z.infer<typeof problemSchema>;

/** The statuses a REST error can have, with the tRPC codes behind them and their titles. */
export const problemTitles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

const titleOf = (status: number) => problemTitles[status] ?? (status >= 500 ? "Server Error" : "Client Error");

export function problemResponse(problem: Omit<Problem, "type" | "title">, headers?: HeadersInit): Response {
  const body: Problem = { type: "about:blank", title: titleOf(problem.status), ...problem };
  const response = Response.json(body, { status: problem.status, headers });
  response.headers.set("content-type", "application/problem+json");
  return response;
}

/** What trpc-to-openapi puts in an error body; the rest of it is not read. */
const libraryError = z.object({
  code: z.string(),
  message: z.string().optional(),
  issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
});

/**
 * The headers of a generated answer that the rewritten one keeps: what
 * `httpResponseMeta` (../http/response-meta.ts) set — a rate-limited call's
 * Retry-After, a 401's challenge, and no-store on an answer to credentials.
 */
export function passedOn(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ["retry-after", "www-authenticate", "cache-control"]) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

/**
 * Rewrites an error answer of the generated handler as a problem. A 5xx says
 * only "Internal server error", whatever the environment: the cause is logged
 * by the caller's `onError`, never sent.
 */
export async function toProblem(response: Response, requestId: string): Promise<Response> {
  const parsed = libraryError.safeParse(await response.json().catch(() => null));
  const status = response.status;
  const headers = passedOn(response.headers);
  if (status >= 500 || !parsed.success) {
    const detail = "Internal server error";
    return problemResponse({ status, code: "INTERNAL_SERVER_ERROR", detail, requestId }, headers);
  }
  const code = parsed.data.code;
  const issues = parsed.data.issues;
  if (issues) {
    const errors = issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    return problemResponse({ status, code, detail: "The request is invalid: see errors", requestId, errors }, headers);
  }
  return problemResponse({ status, code, detail: parsed.data.message ?? titleOf(status), requestId }, headers);
}
