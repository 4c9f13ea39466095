import { cx } from "@/lib/cx";

import { HeartIcon } from "./icons";

interface Props {
  likeCount: number;
  viewerHasLiked: boolean;
  disabled?: boolean;
  title?: string;
  errorId?: string;
  onClick?: () => void;
}

/**
 * What a like button looks like, for a reader who can like and one who cannot.
 *
 * A toggle: its name stays "Like, N likes" and aria-pressed says whether the viewer likes it (a name
 * that flipped to "Unlike" would announce the state twice). The name comes from the button's own
 * text, so it holds the visible count (WCAG 2.5.3, label in name).
 */
export function LikeButtonFace({ likeCount, viewerHasLiked, disabled, title, errorId, onClick }: Props) {
  return (
    <button
      type="button"
      aria-pressed={viewerHasLiked}
      aria-describedby={errorId}
      disabled={disabled}
      title={title}
      onClick={onClick}
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
  );
}
