/*
 * Page sizes are part of the query key: the server's prefetch and the
 * browser's query must ask for the same size to share one cache entry.
 */
export const FEED_PAGE_SIZE = 20;
export const COMMENTS_PAGE_SIZE = 50;

/** Every cursor-paginated procedure returns `nextCursor`; null means the last page. */
export const nextCursor = (page: { nextCursor: string | null }) => page.nextCursor;
