import { logger } from "@trellis/server/log";
import { settings } from "@trellis/validators/settings";

import { ReaderFeed, SignedInFeed } from "@/components/feed-loaders";
import { FeedUnavailable } from "@/components/feed-unavailable";
import { SignInPrompt } from "@/components/sign-in-prompt";
import { FEED_PAGE_SIZE } from "@/lib/pages";
import { requestScope } from "@/server/request-scope";
import { getQueryClient, getViewer, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";

/**
 * The first page of posts, and when it was read (the browser keeps what it has cached only if that is newer).
 * null when reading failed: the feed's section says so and the rest of the page renders, as for any section.
 */
async function loadFirstPage() {
  const fetchedAt = Date.now();
  try {
    const firstPage = await getQueryClient().fetchQuery(trpc.post.list.queryOptions({ limit: FEED_PAGE_SIZE }));
    return { firstPage, fetchedAt };
  } catch (error) {
    logger().error({ requestId: requestScope().getStore()?.requestId, err: error }, "Feed: reading the posts failed");
    return null;
  }
}

export default async function HomePage() {
  // Awaited: the HTML carries the posts, and the browser starts from this page rather than fetching it again.
  const [loaded, viewer] = await Promise.all([loadFirstPage(), getViewer()]);
  const serverPort = settings().port;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">Feed</h1>
        <p className="mt-1 text-ink-muted">What everyone is working on, newest first.</p>
      </div>
      {viewer ? null : <SignInPrompt action="write a post" />}
      {loaded === null ? (
        <FeedUnavailable />
      ) : viewer ? (
        <SignedInFeed
          firstPage={loaded.firstPage}
          firstPageFetchedAt={loaded.fetchedAt}
          serverPort={serverPort}
          compose
        />
      ) : (
        <ReaderFeed firstPage={loaded.firstPage} firstPageFetchedAt={loaded.fetchedAt} serverPort={serverPort} />
      )}
    </div>
  );
}
