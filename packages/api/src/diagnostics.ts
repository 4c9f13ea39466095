import { channel } from "node:diagnostics_channel";

/**
 * What the API tells whoever observes this process — metrics now, a tracer
 * later — through Node's diagnostics channels: named process-wide, so a
 * subscriber in the production server and a publisher in Next's bundle (its
 * own copy of this module) meet; and free when nobody subscribes (each call
 * site asks `hasSubscribers` first). Never an input, a body or an id: only
 * names from a closed set and numbers.
 */

/** One tRPC procedure call (a batch publishes one per call): ok, or the error's code. */
export interface ProcedureCallMessage {
  path: string;
  type: "query" | "mutation" | "subscription";
  outcome: string;
  durationMs: number;
}

/** A live stream (a subscription's event iteration) opened (+1) or ended (-1). */
export interface LiveStreamMessage {
  change: 1 | -1;
}

/** An event handed to this instance's subscribers, `lagMs` after it was published (on any instance). */
export interface EventDeliveryMessage {
  lagMs: number;
}

/** A request refused by the rate limit named `limit`. */
export interface RateLimitRefusalMessage {
  limit: string;
}

export const procedureCalls = channel("trellis:trpc:call");
export const liveStreams = channel("trellis:live:stream");
export const eventDeliveries = channel("trellis:events:delivered");
export const rateLimitRefusals = channel("trellis:rate-limit:refused");

/** A subscription's result, whose iteration counts as one open live stream while it runs. */
async function* countedStream<T>(events: AsyncIterable<T>): AsyncGenerator<T> {
  liveStreams.publish({ change: 1 } satisfies LiveStreamMessage);
  try {
    yield* events;
  } finally {
    liveStreams.publish({ change: -1 } satisfies LiveStreamMessage);
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

type Outcome = { ok: true; data: unknown } | { ok: false; error: { code: string } };

/** Runs a procedure's remaining middleware and resolver, and publishes how it went. For trpc.ts's `observed`. */
export async function observeProcedure<R extends Outcome>(
  path: string,
  type: ProcedureCallMessage["type"],
  next: () => Promise<R>,
): Promise<R> {
  if (!procedureCalls.hasSubscribers && !liveStreams.hasSubscribers) return next();
  const started = performance.now();
  const result = await next();
  const outcome = result.ok ? "ok" : result.error.code;
  procedureCalls.publish({
    path,
    type,
    outcome,
    durationMs: performance.now() - started,
  } satisfies ProcedureCallMessage);
  if (result.ok && type === "subscription" && liveStreams.hasSubscribers && isAsyncIterable(result.data)) {
    result.data = countedStream(result.data);
  }
  return result;
}

/** Publishes the delivery of an event whose id ("<ms>-<seq>") says when it was published. */
export function publishDelivery(eventId: string): void {
  if (!eventDeliveries.hasSubscribers) return;
  const publishedAt = Number.parseInt(eventId, 10);
  if (Number.isFinite(publishedAt)) {
    eventDeliveries.publish({ lagMs: Math.max(0, Date.now() - publishedAt) } satisfies EventDeliveryMessage);
  }
}

export function publishRefusal(limit: string): void {
  if (rateLimitRefusals.hasSubscribers) rateLimitRefusals.publish({ limit } satisfies RateLimitRefusalMessage);
}
