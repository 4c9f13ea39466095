import type { AppRouter, Context } from "@trellis/api";
import { type TRPCError, transformTRPCResponse } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getHTTPStatusCode } from "@trpc/server/http";

import { withReadCaching } from "./caching";
import { bodyTooLarge, callPathsOf, MAX_BODY_BYTES, oversizedBatch, readTextUpTo, refusalBody } from "./limits";
import { httpResponseMeta } from "./response-meta";

export interface FetchHandlerOptions {
  /** The app's procedures: this adapter serves them whole. */
  router: AppRouter;
  /** Where tRPC is mounted, e.g. "/api/trpc". */
  endpoint: `/${string}`;
  createContext(): Promise<Context>;
  onError?(error: { error: TRPCError; path: string | undefined }): void;
}

/**
 * tRPC's stock `fetchRequestHandler` (Next's route handler: `next dev`,
 * `next start`, and what the production server's lean path leaves to it)
 * behind the limits the lean path (./lean-handler.ts) enforces itself: a
 * batch of at most MAX_BATCH_CALLS calls and a body of at most
 * MAX_BODY_BYTES, refused whole before any call runs, with the same answer
 * (the differential test compares them); and the same response headers
 * (./response-meta.ts) and caching of reads (./caching.ts).
 */
export function createFetchHandler(options: FetchHandlerOptions) {
  const refuse = (error: TRPCError) => {
    options.onError?.({ error, path: undefined });
    const body = refusalBody(options.router, error);
    return new Response(JSON.stringify(transformTRPCResponse(options.router._def._config, body)), {
      status: getHTTPStatusCode(body),
      headers: {
        ...httpResponseMeta({ errors: [error] }).headers,
        "content-type": "application/json",
        vary: "trpc-accept, accept",
      },
    });
  };

  return async function handleFetchTRPC(req: Request): Promise<Response> {
    const tooMany = oversizedBatch(callPathsOf(new URL(req.url), options.endpoint)?.length ?? 1);
    if (tooMany) return refuse(tooMany);

    let request = req;
    if (req.method === "POST") {
      const text = await readTextUpTo(req, MAX_BODY_BYTES);
      if (text === null) return refuse(bodyTooLarge(MAX_BODY_BYTES));
      request = new Request(req, { body: text });
    }

    const response = await fetchRequestHandler({
      endpoint: options.endpoint,
      req: request,
      router: options.router,
      createContext: options.createContext,
      responseMeta: httpResponseMeta,
      onError: ({ error, path }) => options.onError?.({ error, path }),
    });
    return withReadCaching(request, response);
  };
}
