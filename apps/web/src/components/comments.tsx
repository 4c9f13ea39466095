"use client";

import { useInfiniteQuery } from "@tanstack/react-query";

import { COMMENTS_PAGE_SIZE, nextCursor } from "@/lib/pages";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { CommentForm } from "./comment-form";
import { COMMENTS_HEADING_ID, CommentItem, type PostComment } from "./comment-item";
import { useDeletedCommentIds, usePostDeleted } from "./deleted-posts";
import { ErrorPanel } from "./error-panel";
import { PendingButton } from "./pending-button";
import { SignInPrompt } from "./sign-in-prompt";
import { useViewer } from "./viewer";

export function Comments({ postId }: { postId: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const comments = useInfiniteQuery(
    trpc.comment.list.infiniteQueryOptions({ postId, limit: COMMENTS_PAGE_SIZE }, { getNextPageParam: nextCursor }),
  );
  const postDeleted = usePostDeleted(postId);
  // Not a comment this tab heard was deleted: a refetch that read before the deletion may answer after it.
  const deletedComments = useDeletedCommentIds();

  // They went with the post, whose place on the page says so.
  if (postDeleted) return null;

  return (
    <section id="comments" aria-labelledby={COMMENTS_HEADING_ID} className="scroll-mt-6 space-y-4">
      <h2 id={COMMENTS_HEADING_ID} tabIndex={-1} className="text-lg font-semibold text-ink focus:outline-none">
        Comments
      </h2>

      {comments.isPending ? (
        <p className="text-sm text-ink-muted">Loading comments…</p>
      ) : comments.isError ? (
        <ErrorPanel
          title="Comments didn’t load"
          message={comments.error.message}
          onRetry={() => void comments.refetch()}
        />
      ) : (
        <CommentList
          items={comments.data.pages.flatMap((page) => page.items).filter(({ id }) => !deletedComments.has(id))}
        />
      )}

      {comments.hasNextPage ? (
        <PendingButton
          onClick={() => void comments.fetchNextPage()}
          pending={comments.isFetchingNextPage}
          className={buttonStyles.secondary}
        >
          Load more comments
        </PendingButton>
      ) : null}

      {viewer ? <CommentForm postId={postId} /> : <SignInPrompt action="join the conversation" />}
    </section>
  );
}

function CommentList({ items }: { items: PostComment[] }) {
  if (items.length === 0) {
    return (
      <p className="rounded-2xl border border-dashed border-line-strong px-6 py-8 text-center text-sm text-ink-muted">
        No comments yet. Start the conversation.
      </p>
    );
  }
  return (
    <ol className="divide-y divide-line overflow-hidden rounded-2xl border border-line bg-surface shadow-xs">
      {items.map((comment) => (
        <li key={comment.id}>
          <CommentItem comment={comment} />
        </li>
      ))}
    </ol>
  );
}
