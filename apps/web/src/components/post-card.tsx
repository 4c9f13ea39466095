import type { RouterOutputs } from "@trellis/api";
import Link from "next/link";
import { memo } from "react";

import { excerpt, plural } from "@/lib/text";

import { Avatar } from "./avatar";
import { EditedMarker } from "./edited-marker";
import { CommentIcon } from "./icons";
import { LikeButton } from "./like-button";
import { LinkPendingHint } from "./link-pending-hint";
import { TimeAgo } from "./time-ago";

export type FeedPost = RouterOutputs["post"]["list"]["items"][number];

/**
 * Memoized: the feed re-renders whenever a live connection changes state or a
 * post arrives, and a card only needs to when its own post changes (the cache
 * keeps an unchanged post the same object, so the check is one comparison).
 */
export const PostCard = memo(function PostCard({ post }: { post: FeedPost }) {
  const href = `/posts/${post.id}`;
  return (
    <article className="rounded-2xl border border-line bg-surface p-4 shadow-xs transition-colors hover:border-line-strong sm:p-5">
      <div className="flex items-center gap-2.5 text-sm">
        <Avatar name={post.author.name} size="sm" />
        <span className="min-w-0 truncate font-medium text-ink">{post.author.name}</span>
        <span aria-hidden="true" className="text-ink-subtle">
          ·
        </span>
        <span className="shrink-0 text-ink-muted">
          <TimeAgo date={post.createdAt} />
        </span>
        <EditedMarker createdAt={post.createdAt} updatedAt={post.updatedAt} />
      </div>
      {/* break-words: a long unbroken word (an address, a hash) wraps inside the card, as on the post page,
          instead of running past it, where line-clamp's overflow clip cut it mid-letter. */}
      <h3 className="mt-3 break-words text-lg font-semibold leading-snug tracking-tight text-ink">
        {/* No prefetch: a post page is rendered per request (its data, the CSP nonce), so prefetching every
            card in view would render a whole post page on the server for each, on every feed view. The
            click shows LinkPendingHint while the page loads. */}
        <Link href={href} prefetch={false} className="rounded-sm hover:text-accent">
          {post.title}
          <LinkPendingHint />
        </Link>
      </h3>
      {/* The excerpt stays plain text: it may end mid-address ("…"), and the whole post, links and all, is a
          click away. */}
      <p className="mt-1.5 line-clamp-3 break-words text-[15px] leading-relaxed text-ink-muted">{excerpt(post.body)}</p>
      {/* Wraps only to give a failed like's message a line of its own below (like-toggle.tsx). */}
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <LikeButton postId={post.id} likeCount={post.likeCount} viewerHasLiked={post.viewerHasLiked} />
        <Link
          href={`${href}#comments`}
          prefetch={false}
          className="inline-flex h-8 items-center gap-1.5 rounded-full px-3 text-sm text-ink-muted transition-colors hover:bg-surface-muted hover:text-ink"
        >
          <CommentIcon />
          {plural(post.commentCount, "comment")}
        </Link>
      </div>
    </article>
  );
});
