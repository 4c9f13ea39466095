"use client";

import dynamic from "next/dynamic";

import { LikeButtonFace } from "./like-button-face";
import { useViewer } from "./viewer";

interface Props {
  postId: string;
  likeCount: number;
  viewerHasLiked: boolean;
}

/**
 * The working toggle in a chunk of its own, fetched only where a signed-in
 * viewer gets it: it brings the mutation client (optimistic updates, the
 * rollback), which a signed-out reader, who cannot like, would download and
 * never run. The server still renders it, and preloads the chunk with the page.
 */
const LikeToggle = dynamic(() => import("./like-toggle").then((module) => module.LikeToggle));

export function LikeButton(props: Props) {
  const viewer = useViewer();
  if (viewer) return <LikeToggle {...props} />;
  return (
    <span className="inline-flex items-center gap-2">
      <LikeButtonFace
        likeCount={props.likeCount}
        viewerHasLiked={props.viewerHasLiked}
        disabled
        title="Sign in to like posts"
      />
    </span>
  );
}
