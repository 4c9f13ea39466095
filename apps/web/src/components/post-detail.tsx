"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

import { canModerate } from "@/lib/permissions";
import { useTRPC } from "@/trpc/react";

import { Avatar } from "./avatar";
import { buttonStyles } from "./button-styles";
import { DeletePostButton } from "./delete-post-button";
import { usePostDeleted } from "./deleted-posts";
import { EditPostForm } from "./edit-post-form";
import { EditedMarker } from "./edited-marker";
import { ErrorPanel } from "./error-panel";
import { ArrowLeftIcon, CommentIcon } from "./icons";
import { LikeButton } from "./like-button";
import { LinkPendingHint } from "./link-pending-hint";
import { LinkifiedText } from "./linkified-text";
import { LiveIndicator } from "./live-indicator";
import { PostPageSkeleton } from "./skeletons";
import { TimeAgo } from "./time-ago";
import { useLive } from "./use-live";
import { useLiveLikes } from "./use-live-likes";
import { useLivePost } from "./use-live-post";
import { useViewer } from "./viewer";

export function PostDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const post = useQuery(trpc.post.byId.queryOptions({ id }));
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  // The edit form goes away (saved, cancelled, Escape) with focus inside it: back to the button that opened it.
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  // Here rather than in <Comments>, which streams in later: the thread's updates reach its cache either way.
  const changes = useLivePost(id);
  const likes = useLiveLikes();
  const live = useLive(changes.status, likes.status);
  const deleted = usePostDeleted(id);

  if (deleted) return <DeletedPost />;
  if (post.isPending) return <PostPageSkeleton />;
  if (post.isError) {
    return (
      <ErrorPanel
        headingLevel={1}
        title="This post didn’t load"
        message={post.error.message}
        onRetry={() => void post.refetch()}
      />
    );
  }

  const { title, body, author, createdAt, updatedAt, likeCount, commentCount, viewerHasLiked } = post.data;
  const isAuthor = viewer?.id === author.id;
  const mayModerate = canModerate(viewer, author.id);

  return (
    <div className="space-y-8">
      <div className="flex items-center justify-between gap-4">
        <Link
          href="/"
          className="inline-flex items-center gap-1.5 rounded-md text-sm font-medium text-ink-muted hover:text-ink"
        >
          <ArrowLeftIcon width={16} height={16} />
          Back to feed
          <LinkPendingHint />
        </Link>
        <LiveIndicator state={live} />
      </div>

      <article className="rounded-2xl border border-line bg-surface p-5 shadow-xs sm:p-8">
        {editing ? (
          <>
            <h1 className="sr-only">{title}</h1>
            <EditPostForm post={{ id, title, body }} onDone={() => setEditing(false)} />
          </>
        ) : (
          <>
            <h1 className="break-words text-2xl font-semibold leading-tight tracking-tight text-ink text-balance sm:text-3xl">
              {title}
            </h1>
            <div className="mt-4 flex items-center gap-3 text-sm">
              <Avatar name={author.name} highlight={isAuthor} />
              <div className="min-w-0">
                <p className="font-medium text-ink">{author.name}</p>
                <p className="flex flex-wrap gap-x-1.5 text-ink-muted">
                  <TimeAgo date={createdAt} />
                  <EditedMarker createdAt={createdAt} updatedAt={updatedAt} />
                </p>
              </div>
            </div>
            <div className="mt-6 whitespace-pre-wrap break-words text-base leading-relaxed text-ink">
              <LinkifiedText text={body} />
            </div>
          </>
        )}
        <div className="mt-8 flex flex-wrap items-center gap-2 border-t border-line pt-4">
          <LikeButton postId={id} likeCount={likeCount} viewerHasLiked={viewerHasLiked} />
          {/* On a phone the row holds the like, the count and both buttons on one line: the words "comments"
              and "post" are for screen readers there, the icon and the button's place say the rest. */}
          <span className="inline-flex h-8 items-center gap-1.5 px-2 text-sm text-ink-muted">
            <CommentIcon />
            {commentCount}
            <span className="max-sm:sr-only">{commentCount === 1 ? " comment" : " comments"}</span>
          </span>
          {mayModerate && !editing ? (
            <div className="ml-auto flex items-center gap-1">
              <button ref={editButton} type="button" onClick={() => setEditing(true)} className={buttonStyles.ghost}>
                Edit<span className="max-sm:sr-only"> post</span>
              </button>
              <DeletePostButton postId={id} />
            </div>
          ) : null}
        </div>
      </article>
    </div>
  );
}

/** What a reader sees of a post deleted while they read it: that it went, and the way back. */
function DeletedPost() {
  return (
    <div role="status" className="rounded-2xl border border-line bg-surface p-5 text-center shadow-xs sm:p-8">
      <h1 className="text-xl font-semibold text-ink">This post was deleted</h1>
      <p className="mt-2 text-sm text-ink-muted">Its author or a moderator deleted it, with its comments.</p>
      <Link href="/" className={`mt-4 ${buttonStyles.secondary}`}>
        <ArrowLeftIcon width={16} height={16} />
        Back to feed
      </Link>
    </div>
  );
}
