"use client";

import { useId } from "react";

import { LikeButtonFace } from "./like-button-face";
import { useSetLike } from "./use-set-like";

interface Props {
  postId: string;
  likeCount: number;
  viewerHasLiked: boolean;
}

/**
 * The like button of a signed-in viewer: it likes and unlikes, and says when that failed.
 *
 * Its wrapper is `display: contents`, so the button and the message are items of the action row
 * around it; the message takes a whole line (basis-full) at the row's end (order-last), below the row's
 * buttons, instead of pushing them along to a line of their own. The row must wrap (flex-wrap).
 */
export function LikeToggle({ postId, likeCount, viewerHasLiked }: Props) {
  const setLike = useSetLike();
  const errorId = useId();

  return (
    <span className="contents">
      <LikeButtonFace
        likeCount={likeCount}
        viewerHasLiked={viewerHasLiked}
        errorId={setLike.isError ? errorId : undefined}
        onClick={() => setLike.mutate({ postId, liked: !viewerHasLiked })}
      />
      {setLike.isError ? (
        <span id={errorId} role="alert" className="order-last basis-full text-xs text-danger">
          Couldn’t save your like. Try again.
        </span>
      ) : null}
    </span>
  );
}
