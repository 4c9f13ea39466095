import { buttonStyles } from "./button-styles";

/**
 * The feed's section when the server couldn't read the posts: the rest of the page still renders.
 * ErrorPanel's look, as server markup: trying again is reading the page again, which needs no script.
 */
export function FeedUnavailable() {
  return (
    <section aria-labelledby="feed-heading" className="space-y-4">
      <h2 id="feed-heading" className="text-sm font-semibold uppercase tracking-wide text-ink-subtle">
        Latest posts
      </h2>
      <div role="alert" className="rounded-2xl border border-line bg-surface px-6 py-10 text-center shadow-xs">
        <p className="text-lg font-semibold text-ink">The feed didn’t load</p>
        <p className="mx-auto mt-2 max-w-sm text-sm text-ink-muted">
          Something went wrong on our side. It may be temporary.
        </p>
        <a href="/" className={`${buttonStyles.secondary} mt-6`}>
          Try again
        </a>
      </div>
    </section>
  );
}
