"use client";

import { ErrorPanel } from "./error-panel";

/** The feed's section when the server couldn't read the posts: the rest of the page still renders. */
export function FeedUnavailable() {
  return (
    <section aria-labelledby="feed-heading" className="space-y-4">
      <h2 id="feed-heading" className="text-sm font-semibold uppercase tracking-wide text-ink-subtle">
        Latest posts
      </h2>
      <ErrorPanel title="The feed didn’t load" onRetry={() => window.location.reload()} />
    </section>
  );
}
