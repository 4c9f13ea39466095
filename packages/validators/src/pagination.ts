import { z } from "zod";

import { isStorableText } from "./text";

/**
 * A keyset position in a list ordered by (createdAt, id). Clients see only an
 * opaque string so the order can change without breaking them; the server
 * decodes it here, once, so a tampered cursor is a field error like any other.
 */
export interface Cursor {
  createdAt: Date;
  id: string;
}

/** The last moment a JavaScript Date can hold: a later `t` would decode to an Invalid Date. */
const MAX_DATE_MS = 8.64e15;
const cursorPayload = z.object({
  t: z.number().int().nonnegative().max(MAX_DATE_MS),
  id: z.string().min(1).max(64).refine(isStorableText),
});

// The payload is ASCII (digits, a UUID), so btoa/atob suffice; they exist in
// browsers and Node alike, unlike Buffer, and this file ships to both.
const toBase64Url = (ascii: string) => btoa(ascii).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromBase64Url = (token: string) => atob(token.replace(/-/g, "+").replace(/_/g, "/"));

export function encodeCursor(cursor: Cursor): string {
  return toBase64Url(JSON.stringify({ t: cursor.createdAt.getTime(), id: cursor.id }));
}

export function decodeCursor(token: string): Cursor | null {
  try {
    const parsed = cursorPayload.safeParse(JSON.parse(fromBase64Url(token)));
    return parsed.success ? { createdAt: new Date(parsed.data.t), id: parsed.data.id } : null;
  } catch {
    return null;
  }
}

/** The wire form: an opaque string, decoded into a Cursor by validation. */
export const cursorToken = z
  .string({ error: "Invalid cursor" })
  .max(200, "Invalid cursor")
  .transform((token, ctx) => {
    const cursor = decodeCursor(token);
    if (!cursor) {
      ctx.addIssue({ code: "custom", message: "Invalid cursor" });
      return z.NEVER;
    }
    return cursor;
  });

/** `{ limit, cursor }` for any keyset-paginated list. */
export function cursorInput({ defaultLimit, maxLimit }: { defaultLimit: number; maxLimit: number }) {
  return z.object({
    limit: z
      .number({ error: `Limit must be a number from 1 to ${maxLimit}` })
      .int(`Limit must be a whole number from 1 to ${maxLimit}`)
      .min(1, `Limit must be a number from 1 to ${maxLimit}`)
      .max(maxLimit, `Limit must be a number from 1 to ${maxLimit}`)
      .default(defaultLimit),
    cursor: cursorToken.nullish(),
  });
}

/** What every paginated procedure returns. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An event's id as the event bus gives it: "<ms>-<seq>", like a Redis stream's. */
export const EVENT_ID_PATTERN = /^\d{1,15}-\d{1,15}$/;

/**
 * A subscription's input: where a reconnecting client left off. tRPC's SSE
 * link fills `lastEventId` itself when it reconnects; the server then replays
 * what the client missed before going live.
 */
export const resumeInput = z.object({
  lastEventId: z.string().regex(EVENT_ID_PATTERN, "Not an event id").nullish(),
});
