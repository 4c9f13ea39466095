import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The workspace packages ship TypeScript source, not built JavaScript.
  transpilePackages: ["@trellis/api", "@trellis/auth", "@trellis/db", "@trellis/jobs", "@trellis/validators"],
  // better-sqlite3 is a native addon: Next keeps it external by default, so it is not listed here.
  poweredByHeader: false,
  // `next dev` logs each request itself; the front door already writes the one line every server logs (ADR 032).
  logging: { incomingRequests: false },
};

export default nextConfig;
