/**
 * What is only the demo (posts, comments, likes, and what reads them: the
 * CSV export of posts and the weekly digest), file by file and folder by
 * folder: `pnpm demo:remove` deletes each whole. Files the demo shares with
 * the rest are edited instead (./demo-edits.ts). The drift check
 * (./demo.test.ts) fails when a path here is gone, or when a file outside
 * both lists names the demo's modules.
 */

/** Folders that hold nothing but the demo. */
export const DEMO_FOLDERS = [
  "apps/web/src/app/(feed)",
  "apps/web/src/app/posts",
  "apps/web/src/app/api/admin/exports",
  "packages/db/src/data/comments",
  "packages/db/src/data/likes",
  "packages/db/src/data/post-exports",
  "packages/db/src/data/posts",
  "packages/db/src/data/reports",
];

/** Files that hold nothing but the demo. */
export const DEMO_FILES = [
  // Pages' parts: the feed, a post, its comments and likes, the admin's export.
  "apps/web/src/components/admin-export.tsx",
  "apps/web/src/components/comment-form.tsx",
  "apps/web/src/components/comment-item.tsx",
  "apps/web/src/components/comments.tsx",
  "apps/web/src/components/compose-post-form-lazy.tsx",
  "apps/web/src/components/compose-post-form.tsx",
  "apps/web/src/components/delete-post-button.tsx",
  "apps/web/src/components/deleted-posts.ts",
  "apps/web/src/components/edit-post-form.tsx",
  "apps/web/src/components/feed-loaders.tsx",
  "apps/web/src/components/feed-unavailable.tsx",
  "apps/web/src/components/feed-view.tsx",
  "apps/web/src/components/feed.tsx",
  "apps/web/src/components/like-button-face.tsx",
  "apps/web/src/components/like-button.tsx",
  "apps/web/src/components/like-toggle.tsx",
  "apps/web/src/components/live-feed.tsx",
  "apps/web/src/components/new-posts-button.tsx",
  "apps/web/src/components/post-cache.ts",
  "apps/web/src/components/post-card.tsx",
  "apps/web/src/components/post-detail.tsx",
  "apps/web/src/components/post-patches.test.ts",
  "apps/web/src/components/post-patches.ts",
  "apps/web/src/components/use-live-likes.ts",
  "apps/web/src/components/use-live-post.ts",
  "apps/web/src/components/use-new-posts.ts",
  "apps/web/src/components/use-set-like.ts",
  // The weekly digest, sent from cron or the admin page.
  "apps/web/src/cli/enqueue-digests.ts",
  // Routers and their tests; the live events' filter for the feed and a post.
  "packages/api/src/events/changes.ts",
  "packages/api/src/routers/admin-exports.ts",
  "packages/api/src/routers/comment.test.ts",
  "packages/api/src/routers/comment.ts",
  "packages/api/src/routers/like.test.ts",
  "packages/api/src/routers/like.ts",
  "packages/api/src/routers/live-changes.test.ts",
  "packages/api/src/routers/post.test.ts",
  "packages/api/src/routers/post.ts",
  // The demo's writes announcing themselves, and its subscriptions (the bus itself: events/bus.test.ts).
  "packages/api/src/live.test.ts",
  // Jobs that read posts.
  "packages/jobs/src/jobs/posts-export.ts",
  "packages/jobs/src/jobs/weekly-digest.ts",
  // The digest's text, and the week its key names.
  "packages/jobs/src/jobs/render.test.ts",
  // Inputs.
  "packages/validators/src/comment.test.ts",
  "packages/validators/src/comment.ts",
  "packages/validators/src/like.ts",
  "packages/validators/src/post.test.ts",
  "packages/validators/src/post.ts",
  // The typed client's CLI commands for posts (the CLI itself is edited).
  "packages/client/src/post-commands.ts",
  // The feed's benchmarks (`pnpm bench` and what metrics and tracing cost on
  // it), the seed of 10,000 posts and their likes they read, and the bare
  // server that runs the feed's SQL as their baseline. Their package.json
  // scripts go too (./demo-scripts.ts).
  "bench/large-seed.ts",
  "bench/observability.ts",
  "bench/run.ts",
  "bench/servers/baseline-server.ts",
  // End-to-end specs of the feed and a post.
  "tests/e2e/feed-handover.spec.ts",
  "tests/e2e/feed.spec.ts",
  "tests/e2e/likes.spec.ts",
  "tests/e2e/post-flow.spec.ts",
  // The cards, forms and links of posts and comments (the account forms' focus and the header moved to
  // focus-and-header.spec.ts).
  "tests/e2e/focus-and-cards.spec.ts",
  // Live updates of the feed and a post, over one instance and two: the subscriptions they read are the
  // posts' own (post.onCreated, post.onChanged); nothing that stays subscribes.
  "tests/e2e/live-changes.spec.ts",
  "tests/e2e/live-instances.spec.ts",
  "tests/e2e/live.spec.ts",
];

/** Every path the removal deletes whole. */
export const DEMO_PATHS = [...DEMO_FOLDERS, ...DEMO_FILES];

/**
 * The demo in code that uses it: its modules imported, its procedures called,
 * its tables, data-layer resources and views named. A file outside the lists
 * that matches has come to depend on the demo.
 */
export const DEMO_USE = new RegExp(
  [
    'routers/(post|comment|like|admin-exports)"',
    "data/(posts|comments|likes|post-exports|reports)/",
    'jobs/(posts-export|weekly-digest)"',
    '"\\./(post|comment|like|posts-export|weekly-digest|admin-exports)"',
    "components/(feed|post-|comment|like-|live-feed|new-posts|use-live-|use-set-like|use-new-posts|deleted-posts|compose-post|edit-post|delete-post|admin-export)",
    String.raw`\.(post|comment|like)\.(list|byId|create|update|delete|add|remove|set|onCreated|onChange|live)\b`,
    String.raw`\b(data|schema|rows|pgSchema|sqliteSchema)\.(posts|comments|likes|postExports|reports)\b`,
    String.raw`\b(PostView|PostEdit|CommentView|LikeState|PostExport|WeeklyDigest|postView|commentView|postPage)\b`,
    String.raw`\b(sendDigests|enqueueWeeklyDigests|renderDigest|exportFileName|POSTS_CSV_HEADER)\b`,
    // Its live events, by type.
    String.raw`"(post|comment|like)\.(created|updated|deleted|changed)"`,
    // The seed's rows of the demo, read by the benches and the start scenarios.
    String.raw`\b\w*[sS]eed\w*\.(posts|comments|likes)\b|SeedRows\["(posts|comments|likes)"\]`,
    // The benches' seed of posts (./large-seed.ts, deleted whole).
    '"\\./large-seed"',
  ].join("|"),
);
