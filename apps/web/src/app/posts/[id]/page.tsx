import { postIdInput } from "@trellis/validators";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";

import { Comments } from "@/components/comments";
import { PostDetail } from "@/components/post-detail";
import { CommentsSkeleton } from "@/components/skeletons";
import { COMMENTS_PAGE_SIZE, nextCursor } from "@/lib/pages";
import { HydrateQueries, TRPCClientLayout } from "@/trpc/boundaries";
import { getQueryClient, prefetchInfinite, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";

/**
 * The post, or Next's not-found page when the id is malformed or unknown.
 * It runs before anything streams (no loading.tsx above this page), so an
 * unknown post is a real HTTP 404, not a 200 carrying a not-found page.
 */
async function loadPost(id: string) {
  if (!postIdInput.safeParse({ id }).success) notFound();
  try {
    // fetchQuery (not prefetch) so a missing post surfaces here; the result stays in the request's cache.
    return await getQueryClient().fetchQuery(trpc.post.byId.queryOptions({ id }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: PageProps<"/posts/[id]">): Promise<Metadata> {
  const { id } = await params;
  const post = await loadPost(id);
  return { title: post.title };
}

export default async function PostPage({ params }: PageProps<"/posts/[id]">) {
  const { id } = await params;
  await loadPost(id);

  return (
    // One tRPC client for the post and its comments, so their calls batch into one request.
    <TRPCClientLayout>
      <div className="space-y-8">
        <HydrateQueries>
          <PostDetail id={id} />
        </HydrateQueries>
        <Suspense fallback={<CommentsSkeleton />}>
          <PrefetchedComments postId={id} />
        </Suspense>
      </div>
    </TRPCClientLayout>
  );
}

/** Streams in after the post, so a long thread never holds back the post itself. */
async function PrefetchedComments({ postId }: { postId: string }) {
  await prefetchInfinite(
    trpc.comment.list.infiniteQueryOptions({ postId, limit: COMMENTS_PAGE_SIZE }, { getNextPageParam: nextCursor }),
  );
  return (
    <HydrateQueries>
      <Comments postId={postId} />
    </HydrateQueries>
  );
}
