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
  const errorId = useId();

  // A toggle: its name stays "Like, N likes" and aria-pressed says whether the viewer likes it (a name
  // that flipped to "Unlike" would announce the state twice). The name comes from the button's own
  // text, so it holds the visible count (WCAG 2.5.3, label in name).
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        aria-pressed={viewerHasLiked}
        aria-describedby={setLike.isError ? errorId : undefined}
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
        <span className="sr-only">Like, </span>
        {likeCount}
        <span className="sr-only"> {likeCount === 1 ? "like" : "likes"}</span>
      </button>
      {setLike.isError ? (
        <span id={errorId} role="alert" className="text-xs text-danger">
          Couldn’t save your like. Try again.
        </span>
      ) : null}
    </span>
  );
}
