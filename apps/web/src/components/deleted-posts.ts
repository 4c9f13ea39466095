"use client";

import { useSyncExternalStore } from "react";

/**
 * The posts and comments this tab has heard were deleted. Not in the query
 * cache: a post's query holds a post, and a deleted one still has the text its
 * reader was looking at; the page says it is gone instead of failing to load.
 * And the feed and the thread filter by them, since a refetch that read before
 * the deletion can answer after it and put the deleted back (docs/decisions/043).
 */
function deletedIds() {
  let deleted: ReadonlySet<string> = new Set<string>();
  const none: ReadonlySet<string> = new Set<string>();
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return {
    mark(id: string): void {
      if (deleted.has(id)) return;
      // A new set each time, so a snapshot that changed is a different object.
      deleted = new Set([...deleted, id]);
      for (const listener of listeners) listener();
    },
    has: (id: string) => deleted.has(id),
    /** Every id deleted since this tab loaded; none on the server. */
    useAll: () =>
      useSyncExternalStore(
        subscribe,
        () => deleted,
        () => none,
      ),
  };
}

const posts = deletedIds();
const comments = deletedIds();

export const markPostDeleted = posts.mark;
/** Whether this tab heard `postId` was deleted: later events for it change nothing. */
export const isPostDeleted = posts.has;
export const useDeletedPostIds = posts.useAll;

/** Whether `postId` was deleted since this tab loaded it; false on the server. */
export function usePostDeleted(postId: string): boolean {
  return useDeletedPostIds().has(postId);
}

export const markCommentDeleted = comments.mark;
export const isCommentDeleted = comments.has;
export const useDeletedCommentIds = comments.useAll;
