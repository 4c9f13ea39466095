import { join } from "node:path";

import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The workspace packages ship TypeScript source, not built JavaScript.
  transpilePackages: [
    "@trellis/api",
    "@trellis/auth",
    "@trellis/db",
    "@trellis/jobs",
    "@trellis/server",
    "@trellis/validators",
  ],
  // better-sqlite3 is a native addon: Next keeps it external by default, so it is not listed here.
  poweredByHeader: false,
  turbopack: {
    // No Buffer polyfill in the browser (~7 kB gzipped): see src/lib/no-buffer.ts.
    resolveAlias: { "next/dist/compiled/buffer": { browser: "./src/lib/no-buffer.ts" } },
  },
  // `pnpm build` makes one relocatable directory, dist/trellis (docs/decisions/030): Next traces the files
  // its server needs into .next/standalone, laid out as in the repository, since the app's packages live
  // at its root (pnpm's node_modules/.pnpm, packages/*).
  output: "standalone",
  outputFileTracingRoot: join(import.meta.dirname, "..", ".."),
  // `next dev` logs each request itself; the front door already writes the one line every server logs (ADR 032).
  logging: { incomingRequests: false },
  experimental: {
    // Next loads every route's server code when it starts, by default: every page, route handler and their
    // imports, before the first request and whether or not any comes. Off, each route loads on its first
    // request: a faster start and less memory at rest, paid once by the first visitor of each route
    // (docs/decisions/040).
    preloadEntriesOnStart: false,
  },
};

export default nextConfig;
