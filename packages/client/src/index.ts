/**
 * The typed client for a Trellis app: the same procedures, inputs, outputs and
 * errors as the web app, checked by TypeScript against `AppRouter`.
 *
 *   const trellis = createTrellisClient({ url: "http://localhost:3000", token: process.env.TRELLIS_TOKEN });
 *   const me = await trellis.account.me.query();
 */
import type { AppRouter } from "@trellis/api";
import { transformer as wireFormat } from "@trellis/api/transformer";
import { MAX_BATCH_CALLS } from "@trellis/validators/limits";
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
  TRPCClientError,
} from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs, TRPCCombinedDataTransformer } from "@trpc/server";
import { EventSource, type FetchLike } from "eventsource";

export type { AppRouter };
/**
 * The wire format (devalue, ADR 019) for the stock `@trpc/client`, which must
 * be given the server's transformer: `httpBatchLink({ url, transformer })`.
 * Typed as tRPC's own transformer type, so the declarations name no workspace module.
 */
export const transformer: TRPCCombinedDataTransformer = wireFormat;
export type TrellisInputs = inferRouterInputs<AppRouter>;
export type TrellisOutputs = inferRouterOutputs<AppRouter>;

export interface TrellisClientOptions {
  /** The app's origin, e.g. "https://trellis.example.com"; the API lives at /api/trpc. */
  url: string;
  /** An API token (`trl_…`) from Settings → API tokens; without one, calls are anonymous. */
  token?: string | undefined;
  /** A fetch to use instead of the global one (tests, proxies, retries). */
  fetch?: typeof fetch;
}

/**
 * A tRPC proxy client with the web app's transformer (devalue: Dates stay
 * Dates) and batching; subscriptions (`….subscribe(input, { onData })`) stream
 * over SSE and resume after the last event they saw when the connection drops.
 */
export function createTrellisClient(options: TrellisClientOptions): TRPCClient<AppRouter> {
  const endpoint = new URL("/api/trpc", options.url).toString();
  const authorization: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const fetchImpl = options.fetch ?? fetch;
  const withToken: FetchLike = (url, init) =>
    fetchImpl(url, { ...init, headers: { ...init.headers, ...authorization } });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        // The `eventsource` package, not the global: Node 20 has none, and only this one sends headers (the token).
        true: httpSubscriptionLink({
          url: endpoint,
          transformer,
          EventSource,
          eventSourceOptions: () => ({ fetch: withToken }),
        }),
        false: httpBatchLink({
          url: endpoint,
          transformer,
          headers: () => authorization,
          fetch: fetchImpl,
          // The server refuses a longer batch whole: more calls at once go out as more requests.
          maxItems: MAX_BATCH_CALLS,
        }),
      }),
    ],
  });
}

export type TrellisClient = ReturnType<typeof createTrellisClient>;

/** An error the Trellis API answered with (as opposed to, say, a network failure). */
export type TrellisError = TRPCClientError<AppRouter>;

export function isTrellisError(error: unknown): error is TrellisError {
  return error instanceof TRPCClientError;
}

/** The error's code: "BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", … or undefined. */
export function errorCode(error: unknown): string | undefined {
  return isTrellisError(error) ? error.data?.code : undefined;
}

/** Messages per input field when the API rejected the input (BAD_REQUEST), else an empty object. */
export function fieldErrors(error: unknown): Record<string, string[] | undefined> {
  return (isTrellisError(error) && error.data?.fieldErrors) || {};
}
