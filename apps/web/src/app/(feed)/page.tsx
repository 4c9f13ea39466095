import { settings } from "@trellis/validators/settings";

import { ReaderFeed, SignedInFeed } from "@/components/feed-loaders";
import { SignInPrompt } from "@/components/sign-in-prompt";
import { FEED_PAGE_SIZE } from "@/lib/pages";
import { getQueryClient, getViewer, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  // Awaited: the HTML carries the posts, and the browser starts from this page rather than fetching it again.
  const [firstPage, viewer] = await Promise.all([
    getQueryClient().fetchQuery(trpc.post.list.queryOptions({ limit: FEED_PAGE_SIZE })),
    getViewer(),
  ]);
  const serverPort = settings().port;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">Feed</h1>
        <p className="mt-1 text-ink-muted">What everyone is working on, newest first.</p>
      </div>
      {viewer ? (
        <SignedInFeed firstPage={firstPage} serverPort={serverPort} compose />
      ) : (
        <>
          <SignInPrompt action="write a post" />
          <ReaderFeed firstPage={firstPage} serverPort={serverPort} />
        </>
      )}
    </div>
  );
}
