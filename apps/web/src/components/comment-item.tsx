"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@trellis/api";

import { canModerate } from "@/lib/permissions";
import { useTRPC } from "@/trpc/react";

import { Avatar } from "./avatar";
import { buttonStyles } from "./button-styles";
import { ConfirmDialog } from "./confirm-dialog";
import { TrashIcon } from "./icons";
import { LinkifiedText } from "./linkified-text";
import { TimeAgo } from "./time-ago";
import { useViewer } from "./viewer";

/** The thread's heading: where focus goes once a deleted comment (and its button) is gone. */
export const COMMENTS_HEADING_ID = "comments-heading";

export type PostComment = RouterOutputs["comment"]["list"]["items"][number];

export function CommentItem({ comment }: { comment: PostComment }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const isAuthor = viewer?.id === comment.author.id;
  const mayModerate = canModerate(viewer, comment.author.id);

  const remove = useMutation(
    trpc.comment.delete.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.comment.list.infiniteQueryKey({ postId: comment.postId }) }),
          // The comment count shows on the post and in the feed.
          queryClient.invalidateQueries({ queryKey: trpc.post.byId.queryKey({ id: comment.postId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.post.list.infiniteQueryKey() }),
        ]),
    }),
  );

  return (
    <article className={`flex gap-3 px-4 py-4 sm:px-5 ${remove.isPending ? "opacity-50" : ""}`}>
      <Avatar name={comment.author.name} size="sm" highlight={isAuthor} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
          <span className="font-medium text-ink">{comment.author.name}</span>
          <span className="text-ink-muted">
            <TimeAgo date={comment.createdAt} />
          </span>
          {mayModerate ? (
            <ConfirmDialog
              trigger={
                <button
                  type="button"
                  aria-label="Delete comment"
                  disabled={remove.isPending}
                  className={`${buttonStyles.dangerGhost} -my-1.5 ml-auto px-2 py-1 text-xs`}
                >
                  <TrashIcon width={14} height={14} />
                  Delete
                </button>
              }
              title="Delete this comment?"
              description="This can’t be undone."
              confirmLabel="Delete comment"
              onConfirm={() => remove.mutateAsync({ id: comment.id })}
              focusAfterDone={() => document.getElementById(COMMENTS_HEADING_ID)}
            />
          ) : null}
        </div>
        <p className="mt-1 whitespace-pre-wrap break-words text-[15px] leading-relaxed text-ink">
          <LinkifiedText text={comment.body} />
        </p>
      </div>
    </article>
  );
}
