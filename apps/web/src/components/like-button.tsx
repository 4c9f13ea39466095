"use client";

import { useId } from "react";

import { cx } from "@/lib/cx";

import { HeartIcon } from "./icons";
import { useSetLike } from "./use-set-like";
import { useViewer } from "./viewer";

interface Props {
  postId: string;
  likeCount: number;
  viewerHasLiked: boolean;
}

export function LikeButton({ postId, likeCount, viewerHasLiked }: Props) {
  const viewer = useViewer();
  const setLike = useSetLike();
  const countId = useId();
  const errorId = useId();

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        aria-pressed={viewerHasLiked}
        aria-label={viewerHasLiked ? "Unlike" : "Like"}
        aria-describedby={setLike.isError ? `${countId} ${errorId}` : countId}
        disabled={!viewer}
        title={viewer ? undefined : "Sign in to like posts"}
        onClick={() => setLike.mutate({ postId, liked: !viewerHasLiked })}
        className={cx(
          "group inline-flex h-8 items-center gap-1.5 rounded-full border px-3 text-sm font-medium tabular-nums transition-colors disabled:cursor-not-allowed disabled:opacity-60",
          viewerHasLiked
            ? "border-accent/30 bg-accent-soft text-accent hover:border-accent/50"
            : "border-line bg-surface text-ink-muted hover:border-line-strong hover:text-ink",
        )}
      >
        <HeartIcon filled={viewerHasLiked} className="transition-transform group-active:scale-90" />
        <span id={countId}>
          {likeCount}
          <span className="sr-only"> {likeCount === 1 ? "like" : "likes"}</span>
        </span>
      </button>
      {setLike.isError ? (
        <span id={errorId} role="alert" className="text-xs text-danger">
          Couldn’t save your like. Try again.
        </span>
      ) : null}
    </span>
  );
}
