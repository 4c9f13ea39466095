"use client";

import { useSyncExternalStore } from "react";

/**
 * The posts this tab has heard were deleted while it showed them. Not in the
 * query cache: a post's query holds a post, and a deleted one still has the
 * text its reader was looking at; the page says it is gone instead of failing to load.
 */
const deleted = new Set<string>();
const listeners = new Set<() => void>();

export function markPostDeleted(postId: string): void {
  if (deleted.has(postId)) return;
  deleted.add(postId);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether `postId` was deleted since this tab loaded it; false on the server. */
export function usePostDeleted(postId: string): boolean {
  return useSyncExternalStore(
    subscribe,
    () => deleted.has(postId),
    () => false,
  );
}
