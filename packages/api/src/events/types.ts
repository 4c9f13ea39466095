import type { CommentView, PostEdit, PostView } from "@trellis/db";

/** What an edit changes of a post: its text and when. Counts and the viewer's like travel in their own events. */
export type { PostEdit };

/**
 * What happened, for everyone watching: never viewer-specific (no `viewerHasLiked` that means anything).
 * A creation or a comment's edit carries the whole view (none of its fields depends on the viewer); a
 * post's edit only what it changed; a deletion only ids (docs/decisions/043).
 */
export type TrellisEvent =
  | { type: "post.created"; post: PostView }
  | { type: "post.updated"; post: PostEdit }
  | { type: "post.deleted"; id: string }
  /** `commentCount` is the post's count after the write, absolute (like `likeCount`), so readers set it, not add to it. */
  | { type: "comment.created"; comment: CommentView; commentCount: number }
  | { type: "comment.updated"; comment: CommentView }
  | { type: "comment.deleted"; id: string; postId: string; commentCount: number }
  | { type: "like.changed"; postId: string; likeCount: number }
  /**
   * A signed-in write happened (the front door sends it after each, ADR 037), so cached public pages
   * may be stale: it is what covers writes with no event of their own (a new name, say).
   */
  | { type: "content.changed" };

/** An event as the bus remembers it: with an id that orders it among all others ("<ms>-<seq>"). */
export interface StoredEvent {
  id: string;
  event: TrellisEvent;
  /** The publisher's trace context (W3C traceparent) when tracing was on: handlers link to it (./traced-bus.ts). */
  traceparent?: string;
}

/**
 * Fans events out to every subscriber on every instance. Procedures publish
 * after their write has committed (the data layer has returned), so a
 * rolled-back write never announces anything.
 */
export interface EventBus {
  /** Appends the event to the bus's log and delivers it; resolves with its id. */
  publish(event: TrellisEvent): Promise<string>;
  /**
   * The events after `after` that the log still holds, then live ones, in log
   * order, each once, until `signal` aborts. With no `after`, live ones only.
   */
  subscribe(options: {
    after?: string | null | undefined;
    signal?: AbortSignal | undefined;
  }): AsyncIterable<StoredEvent>;
  /**
   * Tells `listener` each time the bus stops or resumes hearing the shared log
   * (Redis's read loop failing, then reading again): while it does not, its
   * subscribers miss events published elsewhere, until the loop catches up.
   * Absent on a bus that cannot fail to hear (in process).
   */
  watchReading?(listener: (reading: boolean) => void, signal?: AbortSignal): void;
  /** Resolves when the bus can deliver (Redis answers a PING); rejects otherwise. For the readiness check. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Orders two event ids ("<ms>-<seq>", as Redis stream ids): negative when `a` came first. */
export function compareEventIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split("-").map(Number);
  const [bMs = 0, bSeq = 0] = b.split("-").map(Number);
  return aMs - bMs || aSeq - bSeq;
}
