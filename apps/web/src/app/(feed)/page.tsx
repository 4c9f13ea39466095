import { ComposePostFormLazy } from "@/components/compose-post-form-lazy";
import { Feed } from "@/components/feed";
import { SignInPrompt } from "@/components/sign-in-prompt";
import { FEED_PAGE_SIZE, nextCursor } from "@/lib/pages";
import { getViewer, HydrateClient, prefetchInfinite, trpc } from "@/trpc/server";

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
        {(await getViewer()) ? <ComposePostFormLazy /> : <SignInPrompt action="write a post" />}
        <Feed />
      </div>
    </HydrateClient>
  );
}
