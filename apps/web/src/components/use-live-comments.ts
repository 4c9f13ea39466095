"use client";

import { type InfiniteData, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@trellis/api";

import { COMMENTS_PAGE_SIZE } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";

import { usePatchPost } from "./post-cache";
import { useLiveSubscription } from "./use-live";

type CommentPage = RouterOutputs["comment"]["list"];
type PostComment = CommentPage["items"][number];
type CommentsData = InfiniteData<CommentPage, string | null>;

/**
 * The thread with `comment` at its end, or why not: it is there already (the
 * viewer's own, added by their form's refetch), or the thread's end is not
 * loaded yet (loading more will bring it, in its place).
 */
function withComment(data: CommentsData | undefined, comment: PostComment): CommentsData | "present" | "not-loaded" {
  if (data?.pages.some((page) => page.items.some(({ id }) => id === comment.id))) return "present";
  const last = data?.pages.at(-1);
  if (!data || !last || last.nextCursor !== null) return "not-loaded";
  return { ...data, pages: [...data.pages.slice(0, -1), { ...last, items: [...last.items, comment] }] };
}

/** Appends comments on `postId` as anyone writes them, oldest first like the thread, and counts them on the post. */
export function useLiveComments(postId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const patchPost = usePatchPost();

  return useLiveSubscription(
    trpc.comment.onCreated.subscriptionOptions(
      { postId },
      {
        onData: ({ data: comment }) => {
          const key = trpc.comment.list.infiniteQueryKey({ postId, limit: COMMENTS_PAGE_SIZE });
          const next = withComment(queryClient.getQueryData(key), comment);
          // Counted already, like the thread that holds it.
          if (next === "present") return;
          if (next === "not-loaded") {
            // Whether the count includes it cannot be told from here; the server can.
            void queryClient.invalidateQueries({ queryKey: trpc.post.byId.queryKey({ id: postId }) });
            return;
          }
          queryClient.setQueryData(key, next);
          patchPost(postId, (post) => ({ ...post, commentCount: post.commentCount + 1 }));
        },
      },
    ),
  );
}
