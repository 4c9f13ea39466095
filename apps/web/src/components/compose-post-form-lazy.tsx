"use client";

import dynamic from "next/dynamic";

/**
 * The compose form in a chunk of its own, fetched only when a signed-in page
 * renders it: it brings zod and the shared schemas (~33 kB gzipped), which a
 * signed-out visitor to the feed would download and never run. The server
 * still renders it into the HTML, and preloads the chunk with the page.
 */
export const ComposePostFormLazy = dynamic(() =>
  import("./compose-post-form").then((module) => module.ComposePostForm),
);
