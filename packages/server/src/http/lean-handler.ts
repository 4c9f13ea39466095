import type { IncomingMessage, ServerResponse } from "node:http";
import { listProcedures } from "@trellis/api/procedures";
import {
  type AnyTRPCRouter,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  type inferRouterContext,
  TRPCError,
  type TRPCProcedureType,
  transformTRPCResponse,
} from "@trpc/server";
import { getHTTPStatusCode } from "@trpc/server/http";
import { notModifiedHeaders, readCaching } from "./caching";
import { encodeFor, varyAlso } from "./compression";
import { bodyTooLarge, callPathsOf, declaresMoreThan, MAX_BODY_BYTES, oversizedBatch, refusalBody } from "./limits";

export interface LeanHandlerOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  /** Where tRPC is mounted, e.g. "/api/trpc". */
  endpoint: `/${string}`;
  createContext(req: IncomingMessage): Promise<inferRouterContext<TRouter>>;
  onError?(error: { error: TRPCError; path: string | undefined; type: TRPCProcedureType | "unknown" }): void;
  /** Request bodies above this (by default MAX_BODY_BYTES, as REST) are refused with 413, unread. */
  maxBodyBytes?: number;
  /**
   * Extra response headers from the request's context and its calls' errors,
   * as tRPC's own `responseMeta` gives them (./response-meta.ts). The context
   * is undefined when the request was refused before one was made.
   */
  responseMeta?(opts: { ctx: inferRouterContext<TRouter> | undefined; errors: TRPCError[] }): {
    headers?: Record<string, string>;
  };
}

/** A Node request's headers as Fetch `Headers`, for code that reads them the standard way (auth). */
export function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}

/**
 * The body, read up to `limit` bytes; null when it is longer. A body whose
 * Content-Length says so is not read at all; one that grows past the limit
 * is read no further. Either way the request is left to drain, not
 * destroyed, so the client hears the 413 instead of a reset connection (the
 * answer closes the connection, which bounds the draining).
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  if (declaresMoreThan(req.headers["content-length"], limit)) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off("data", onData);
      req.off("end", onEnd);
      req.resume();
      resolve(null);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString("utf8"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", reject);
  });
}

/**
 * tRPC's HTTP protocol for queries and mutations — GET and POST, batched or
 * not, with the same status codes, headers and bodies as the stock
 * `fetchRequestHandler` (http/lean-handler.test.ts compares them call by
 * call) — on Node's own request and response, without building Fetch
 * `Request`/`Response` objects or web streams on the way (docs/decisions/018).
 *
 * Procedures run through `callTRPCProcedure`, tRPC's public way in: the same
 * input parsing, middleware and error formatting as every other adapter.
 *
 * Returns false, having written nothing, for what it leaves to the stock
 * handler: subscriptions (SSE), streamed batches (`trpc-accept:
 * application/jsonl`), HEAD, and bodies that are not JSON.
 */
export function createLeanHandler<TRouter extends AnyTRPCRouter>(options: LeanHandlerOptions<TRouter>) {
  const { router, endpoint } = options;
  const config = router._def._config;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  // Looked up per call, built once: a Map, so a path like "__proto__" is just a miss.
  const typeOf = new Map(listProcedures(router).map(({ path, type }) => [path, type]));

  return async function handleTRPC(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith(`${endpoint}/`)) return false;
    if (req.method !== "GET" && req.method !== "POST") return false;
    if (req.headers["trpc-accept"] !== undefined || req.headers.accept === "text/event-stream") return false;
    if (req.method === "POST" && !req.headers["content-type"]?.startsWith("application/json")) return false;

    const isBatch = url.searchParams.get("batch") === "1";
    const paths = callPathsOf(url, endpoint);
    if (paths === null) return false; // a malformed %-escape: the stock handler says what it says

    // What is refused whole, before a call runs, exactly as the app's stock handler refuses it (./fetch-handler.ts).
    const refuse = (error: TRPCError, headers: Record<string, string> = {}) => {
      options.onError?.({ error, path: undefined, type: "unknown" });
      send(req, res, refusalBody(router, error), [error], undefined, headers);
      return true;
    };
    const tooMany = oversizedBatch(paths.length);
    if (tooMany) return refuse(tooMany);

    // Each call's procedure type; undefined for a path with no procedure.
    const callTypes = paths.map((path) => typeOf.get(path));
    if (callTypes.includes("subscription")) return false;

    const body = req.method === "POST" ? await readBody(req, maxBodyBytes) : undefined;
    // The rest of the body is not read: the connection closes after the answer.
    if (body === null) return refuse(bodyTooLarge(maxBodyBytes), { connection: "close" });

    const types = new Set(callTypes.flatMap((type) => (type ? [type] : [])));
    if (types.size > 1) {
      // The stock handler refuses the whole request, with one error rather than one per call.
      return refuse(
        new TRPCError({ code: "BAD_REQUEST", message: `Cannot mix procedure types in call: ${[...types].join(", ")}` }),
      );
    }

    // Parsed once, on the first procedure that asks for its input, like the stock handler.
    let inputs: Promise<Record<number, unknown>> | undefined;
    const readInputs = async (): Promise<Record<number, unknown>> => {
      const raw = req.method === "GET" ? url.searchParams.get("input") : body;
      const parsed: unknown = raw ? JSON.parse(raw) : undefined;
      if (parsed === undefined) return {};
      if (!isBatch) return { 0: config.transformer.input.deserialize(parsed) };
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new TRPCError({ code: "BAD_REQUEST", message: '"input" needs to be an object when doing a batch call' });
      }
      const byIndex: Record<number, unknown> = {};
      for (const index of paths.keys()) {
        const value: unknown = Reflect.get(parsed, String(index));
        if (value !== undefined) byIndex[index] = config.transformer.input.deserialize(value);
      }
      return byIndex;
    };

    // One context for all the calls of a batch; a failure to make it fails each call, as in the stock handler.
    const context = options.createContext(req).then(
      (value) => ({ ok: true as const, value }),
      (cause: unknown) => ({ ok: false as const, error: getTRPCErrorFromUnknown(cause) }),
    );

    const abort = new AbortController();
    // Only a client gone before the answer is news to a procedure. Aborting after every answer made a
    // DOMException, its stack captured, per request: ~1 % of the production server's time under load.
    res.once("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    const errors: TRPCError[] = [];
    const responses = await Promise.all(
      paths.map(async (path, index) => {
        const procedureType = callTypes[index];
        const type = procedureType ?? "unknown";
        let input: unknown;
        const ctx = await context;
        try {
          if (!procedureType) throw notFound(path);
          if ((procedureType === "query") !== (req.method === "GET")) {
            throw wrongMethod(req.method ?? "", procedureType, path);
          }
          if (!ctx.ok) throw ctx.error;
          const data: unknown = await callTRPCProcedure({
            router,
            path,
            type: procedureType,
            ctx: ctx.value,
            signal: abort.signal,
            batchIndex: index,
            getRawInput: async () => {
              inputs ??= readInputs().catch((cause: unknown) => {
                // As the stock handler words it: what failed to parse is the caller's mistake.
                if (cause instanceof TRPCError) throw cause;
                throw new TRPCError({
                  code: "BAD_REQUEST",
                  message: cause instanceof Error ? cause.message : "Invalid input",
                  cause,
                });
              });
              input = (await inputs)[index];
              return input;
            },
          });
          return { result: { data } };
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          errors.push(error);
          options.onError?.({ error, path, type });
          const shape = getTRPCErrorShape({ config, error, type, path, input, ctx: ctx.ok ? ctx.value : undefined });
          return { error: shape };
        }
      }),
    );

    const answer = isBatch ? responses : responses[0];
    if (!answer) return false;
    const settled = await context;
    send(req, res, answer, errors, settled.ok ? settled.value : undefined, {}, { cacheable: true });
    return true;
  };

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    body: Parameters<typeof getHTTPStatusCode>[0],
    errors: TRPCError[],
    ctx: inferRouterContext<TRouter> | undefined,
    headers: Record<string, string> = {},
    /** Whether the answer is a procedure's, which, for a read, may be cached (./caching.ts). */
    { cacheable = false } = {},
  ) {
    const json = JSON.stringify(transformTRPCResponse(config, body));
    const status = getHTTPStatusCode(body);
    const answer: Record<string, string | number> = {
      ...options.responseMeta?.({ ctx, errors }).headers,
      ...headers,
      "content-type": "application/json",
      vary: "trpc-accept, accept",
    };
    const caching =
      cacheable && errors.length === 0
        ? readCaching({
            method: req.method,
            status,
            body: json,
            authorization: req.headers.authorization,
            cookie: req.headers.cookie,
            ifNoneMatch: req.headers["if-none-match"],
            cacheControl: String(answer["cache-control"] ?? ""),
            vary: String(answer.vary),
          })
        : null;
    if (caching) {
      Object.assign(answer, caching.headers);
      if (caching.notModified) {
        res.writeHead(304, notModifiedHeaders(answer));
        res.end();
        return;
      }
    }
    const encoded = encodeFor(req.headers["accept-encoding"], Buffer.from(json));
    if (encoded.headers["content-encoding"]) answer["content-encoding"] = encoded.headers["content-encoding"];
    if (encoded.headers.vary) answer.vary = varyAlso(answer.vary, encoded.headers.vary);
    answer["content-length"] = encoded.body.byteLength;
    res.writeHead(status, answer);
    res.end(encoded.body);
  }
}

const notFound = (path: string) =>
  new TRPCError({ code: "NOT_FOUND", message: `No procedure found on path "${path}"` });
const wrongMethod = (method: string, type: string, path: string) =>
  new TRPCError({
    code: "METHOD_NOT_SUPPORTED",
    message: `Unsupported ${method}-request to ${type} procedure at path "${path}"`,
  });
