import { ComposePostForm } from "@/components/compose-post-form";
import { Feed } from "@/components/feed";
import { FEED_PAGE_SIZE, nextCursor } from "@/lib/pages";
import { HydrateClient, prefetchInfinite, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  await prefetchInfinite(
    trpc.post.list.infiniteQueryOptions({ limit: FEED_PAGE_SIZE }, { getNextPageParam: nextCursor }),
  );

  return (
    <HydrateClient>
      <div className="space-y-8">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">Feed</h1>
          <p className="mt-1 text-ink-muted">What everyone is working on, newest first.</p>
        </div>
        <ComposePostForm />
        <Feed />
      </div>
    </HydrateClient>
  );
}
