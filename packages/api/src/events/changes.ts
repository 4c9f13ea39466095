import type { TrellisEvent } from "./types";

/** The events that change what the feed or a post page shows, but for like counts (like.onChanged has those). */
export type PostChange = Extract<
  TrellisEvent,
  { type: "post.created" | "post.updated" | "post.deleted" | "comment.created" | "comment.updated" | "comment.deleted" }
>;

/**
 * `event` if a reader of the feed (no `postId`) or of one post's page needs
 * it, or undefined. The feed hears of comments only to count them, so not of
 * their edits; a post page hears only of its post and its comments.
 */
export function postChangeFor(event: TrellisEvent, postId?: string | null): PostChange | undefined {
  switch (event.type) {
    case "post.created":
      return postId ? undefined : event;
    case "post.updated":
      return !postId || event.post.id === postId ? event : undefined;
    case "post.deleted":
      return !postId || event.id === postId ? event : undefined;
    case "comment.created":
    case "comment.updated":
      if (postId) return event.comment.postId === postId ? event : undefined;
      return event.type === "comment.created" ? event : undefined;
    case "comment.deleted":
      return !postId || event.postId === postId ? event : undefined;
    default:
      return undefined;
  }
}
