"use client";

import { useId } from "react";

import { LikeButtonFace } from "./like-button-face";
import { useSetLike } from "./use-set-like";

interface Props {
  postId: string;
  likeCount: number;
  viewerHasLiked: boolean;
}

/** The like button of a signed-in viewer: it likes and unlikes, and says when that failed. */
export function LikeToggle({ postId, likeCount, viewerHasLiked }: Props) {
  const setLike = useSetLike();
  const errorId = useId();

  return (
    <span className="inline-flex items-center gap-2">
      <LikeButtonFace
        likeCount={likeCount}
        viewerHasLiked={viewerHasLiked}
        errorId={setLike.isError ? errorId : undefined}
        onClick={() => setLike.mutate({ postId, liked: !viewerHasLiked })}
      />
      {setLike.isError ? (
        <span id={errorId} role="alert" className="text-xs text-danger">
          Couldn’t save your like. Try again.
        </span>
      ) : null}
    </span>
  );
}
