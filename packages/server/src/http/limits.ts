import { MAX_BATCH_CALLS } from "@trellis/validators";
import { type AnyTRPCRouter, getTRPCErrorShape, TRPCError } from "@trpc/server";

export { MAX_BATCH_CALLS };

/**
 * The largest request body any HTTP path reads: both tRPC paths and REST.
 * The longest input of ours — a post of 10,000 characters, each escaped
 * twice (devalue inside JSON) — stays under half of it.
 */
export const MAX_BODY_BYTES = 100_000;

/**
 * The paths a tRPC URL under `endpoint` calls, as the stock handler splits
 * them; null when the path is not %-decodable (the stock handler says what
 * it says about that).
 */
export function callPathsOf(url: URL, endpoint: string): string[] | null {
  let joined: string;
  try {
    joined = decodeURIComponent(url.pathname.slice(endpoint.length + 1).replace(/\/$/, ""));
  } catch {
    return null;
  }
  return url.searchParams.get("batch") === "1" ? joined.split(",") : [joined];
}

/** A batch of more than MAX_BATCH_CALLS calls is refused whole, before any of them runs or its input is read. */
export function oversizedBatch(calls: number): TRPCError | null {
  if (calls <= MAX_BATCH_CALLS) return null;
  return new TRPCError({
    code: "BAD_REQUEST",
    message: `A batch may hold at most ${MAX_BATCH_CALLS} calls; this one holds ${calls}`,
  });
}

export const bodyTooLarge = (limit: number) =>
  new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `A body may have at most ${limit} bytes` });

/** Whether a Content-Length header already says the body is over `limit`: then nothing of it need be read. */
export function declaresMoreThan(contentLength: string | null | undefined, limit: number): boolean {
  return Number(contentLength ?? 0) > limit;
}

/**
 * A Fetch request's body as text, read up to `limit` bytes; null, having
 * stopped reading, when it is longer — whatever its Content-Length said (a
 * chunked body says none).
 */
export async function readTextUpTo(req: Request, limit: number): Promise<string | null> {
  if (declaresMoreThan(req.headers.get("content-length"), limit)) return null;
  if (!req.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: cancelling one branch of a tee'd body (a `request.clone()`) settles only once the
      // other branch is cancelled or read too, which may be never.
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The body of a whole request refused with one tRPC error, as the stock
 * handler answers what it refuses before any call runs (a batch mixing
 * queries and mutations): one error, not one per call.
 */
export function refusalBody(router: AnyTRPCRouter, error: TRPCError) {
  const config = router._def._config;
  return {
    error: getTRPCErrorShape({ config, error, type: "unknown", path: undefined, input: undefined, ctx: undefined }),
  };
}
