"use client";

import { useIsMutating, useQueryClient } from "@tanstack/react-query";
import type { PostChange } from "@trellis/api/events";
import { useState } from "react";

import { FEED_PAGE_SIZE } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";

import { isPostDeleted, markPostDeleted, useDeletedPostIds } from "./deleted-posts";
import { type FeedPost, usePatchPost, useRemovePost, withCommentCount, withEdit } from "./post-cache";
import { useLiveSubscription } from "./use-live";

/** The post a change is about. */
function postIdOf(change: PostChange): string {
  switch (change.type) {
    case "post.created":
    case "post.updated":
      return change.post.id;
    case "post.deleted":
      return change.id;
    case "comment.created":
    case "comment.updated":
      return change.comment.postId;
    case "comment.deleted":
      return change.postId;
  }
}

/**
 * Posts written since the feed loaded, held back rather than pushed under the
 * reader's eyes: `unseen` are those the feed does not show yet, and `show()`
 * puts them at its top. The other changes the feed hears of apply at once,
 * to the posts it shows and to those held back alike: an edit's new text, a
 * deletion (the post goes), a comment written or deleted (its count moves).
 *
 * @param shown the posts the feed shows now. A post among them is not new —
 * the viewer's own, which the compose form adds, or one a refetch brought in.
 */
export function useNewPosts(shown: readonly FeedPost[]) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const patchPost = usePatchPost();
  const removePost = useRemovePost();
  const [arrived, setArrived] = useState<FeedPost[]>([]);
  const deleted = useDeletedPostIds();
  // The event for the viewer's own post can beat the mutation's answer; until
  // that answer puts the post in the feed, it would briefly count as new.
  const posting = useIsMutating({ mutationKey: trpc.post.create.mutationKey() }) > 0;

  const subscription = useLiveSubscription(
    trpc.post.onChanged.subscriptionOptions(
      {},
      {
        onData: ({ data: change }) => {
          // A deleted post stays deleted: later events for it (a creation replayed on resume, an edit, a
          // comment that raced the deletion) would only bring it back.
          if (change.type !== "post.deleted" && isPostDeleted(postIdOf(change))) return;
          switch (change.type) {
            case "post.created": {
              const { post } = change;
              // Newest first, like the feed.
              setArrived((posts) => (posts.some(({ id }) => id === post.id) ? posts : [post, ...posts]));
              return;
            }
            case "post.updated": {
              const edit = withEdit(change.post);
              setArrived((posts) => posts.map((post) => (post.id === change.post.id ? edit(post) : post)));
              patchPost(change.post.id, edit);
              return;
            }
            case "post.deleted":
              markPostDeleted(change.id);
              setArrived((posts) => posts.filter(({ id }) => id !== change.id));
              removePost(change.id);
              return;
            case "comment.created":
              patchPost(change.comment.postId, withCommentCount(change.commentCount));
              return;
            case "comment.deleted":
              patchPost(change.postId, withCommentCount(change.commentCount));
              return;
          }
        },
      },
    ),
  );

  const shownIds = new Set(shown.map(({ id }) => id));
  const unseen = posting ? [] : arrived.filter(({ id }) => !shownIds.has(id) && !deleted.has(id));

  const show = () => {
    setArrived([]);
    queryClient.setQueryData(trpc.post.list.infiniteQueryKey({ limit: FEED_PAGE_SIZE }), (feed) => {
      const [first, ...rest] = feed?.pages ?? [];
      if (!feed || !first) return feed;
      return { ...feed, pages: [{ ...first, items: [...unseen, ...first.items] }, ...rest] };
    });
    // At once from what the events carried; then the server's pages, whose
    // counts may have moved since and whose cursors now start after these posts.
    void queryClient.invalidateQueries({ queryKey: trpc.post.list.infiniteQueryKey() });
  };

  return { unseen, show, subscription };
}
