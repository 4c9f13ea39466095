/**
 * The most calls one tRPC batch may carry. The server refuses a longer batch
 * whole, before any call runs, so one request cannot buy the work of hundreds
 * (docs/decisions/029); every client link batches at most this many, so a
 * page never meets the refusal. No page of the web app asks for more than a
 * handful of queries at once.
 *
 * Imports nothing: the typed client bundles it (`@trellis/validators/limits`)
 * without pulling zod in.
 */
export const MAX_BATCH_CALLS = 10;
