"use client";

import { type InfiniteData, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@trellis/api";

import { COMMENTS_PAGE_SIZE } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";

import { isCommentDeleted, isPostDeleted, markCommentDeleted, markPostDeleted } from "./deleted-posts";
import { usePatchPost, useRemovePost, withCommentCount, withEdit } from "./post-cache";
import { useLiveSubscription } from "./use-live";

type CommentPage = RouterOutputs["comment"]["list"];
type PostComment = CommentPage["items"][number];
type CommentsData = InfiniteData<CommentPage, string | null>;

const holds = (data: CommentsData | undefined, commentId: string) =>
  data?.pages.some((page) => page.items.some(({ id }) => id === commentId)) ?? false;

/** Whether the thread's last page is loaded: a comment it does not hold then is not on the server either. */
const loadedToTheEnd = (data: CommentsData | undefined) => data?.pages.at(-1)?.nextCursor === null;

/**
 * The thread with `comment` at its end, or why not: it is there already (the
 * viewer's own, added by their form's refetch), or the thread's end is not
 * loaded yet (loading more will bring it, in its place).
 */
function withComment(data: CommentsData | undefined, comment: PostComment): CommentsData | "present" | "not-loaded" {
  if (holds(data, comment.id)) return "present";
  const last = data?.pages.at(-1);
  if (!data || !last || !loadedToTheEnd(data)) return "not-loaded";
  return { ...data, pages: [...data.pages.slice(0, -1), { ...last, items: [...last.items, comment] }] };
}

function mapComments(data: CommentsData, map: (items: PostComment[]) => PostComment[]): CommentsData {
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: map(page.items) })) };
}

/**
 * Keeps a post's page current as anyone changes it: comments appear, change
 * and go (oldest first, like the thread), and the post counts them; the post
 * shows its edits, and says so when it is deleted (./deleted-posts.ts).
 */
export function useLivePost(postId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const patchPost = usePatchPost();
  const removePost = useRemovePost();
  const threadKey = trpc.comment.list.infiniteQueryKey({ postId, limit: COMMENTS_PAGE_SIZE });

  return useLiveSubscription(
    trpc.post.onChanged.subscriptionOptions(
      { postId },
      {
        onData: ({ data: change }) => {
          // A deleted post or comment stays deleted: later events for it would only bring it back.
          if (change.type !== "post.deleted" && isPostDeleted(postId)) return;
          if (change.type === "comment.updated" && isCommentDeleted(change.comment.id)) return;
          switch (change.type) {
            case "comment.created": {
              // The post's count as the server has it now, whatever the thread holds.
              patchPost(postId, withCommentCount(change.commentCount));
              const next = withComment(queryClient.getQueryData(threadKey), change.comment);
              // There already (the viewer's own), or loading more will bring it, in its place.
              if (next === "present" || next === "not-loaded") return;
              queryClient.setQueryData(threadKey, next);
              return;
            }
            case "comment.updated": {
              const { comment } = change;
              queryClient.setQueryData(threadKey, (data) =>
                data && holds(data, comment.id)
                  ? mapComments(data, (items) => items.map((item) => (item.id === comment.id ? comment : item)))
                  : data,
              );
              return;
            }
            case "comment.deleted": {
              markCommentDeleted(change.id);
              patchPost(postId, withCommentCount(change.commentCount));
              const data = queryClient.getQueryData(threadKey);
              if (data && holds(data, change.id)) {
                queryClient.setQueryData(
                  threadKey,
                  mapComments(data, (items) => items.filter(({ id }) => id !== change.id)),
                );
              }
              return;
            }
            case "post.updated":
              patchPost(postId, withEdit(change.post));
              return;
            case "post.deleted":
              markPostDeleted(postId);
              removePost(postId);
              return;
          }
        },
      },
    ),
  );
}
