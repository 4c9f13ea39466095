// Patches to a cached post, pure so they are tested without React (post-patches.test.ts).

/** What a feed card and the post page both show of a post; a patch keeps whatever else its copy holds. */
export interface SharedPost {
  id: string;
  title: string;
  body: string;
  updatedAt: Date;
  likeCount: number;
  commentCount: number;
  viewerHasLiked: boolean;
}

/** Generic, so one patch fits the feed's copy and the post page's copy alike. */
export type PostPatch = <P extends SharedPost>(post: P) => P;

/**
 * An edit as post.updated carries it: the post's new text. An edit older than the copy held (a
 * refetch, or a later edit's event, got there first) is ignored: events of racing edits may arrive
 * out of order, and the newest text wins.
 */
export const withEdit =
  ({ title, body, updatedAt }: Pick<SharedPost, "title" | "body" | "updatedAt">): PostPatch =>
  (post) =>
    updatedAt.getTime() < post.updatedAt.getTime() ? post : { ...post, title, body, updatedAt };

/** The post's comment count as comment.created and comment.deleted carry it: absolute, so set, never added. */
export const withCommentCount =
  (commentCount: number): PostPatch =>
  (post) => ({ ...post, commentCount });
