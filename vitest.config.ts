import { defineConfig } from "vitest/config";

/**
 * Unit and integration tests; e2e specs belong to Playwright.
 *
 * Tests that touch a database run once per dialect, as one vitest project
 * each, named in the output ("|sqlite|", "|pglite|", "|postgres|"):
 * - sqlite:   in-memory SQLite, always;
 * - pglite:   Postgres in WebAssembly, in-process, always;
 * - postgres: a real server, only when TEST_DATABASE_URL is set.
 * `*.sqlite.test.ts` files prove SQLite-only behaviour and run only there.
 * Tests that need no database run once, in "unit".
 */
const databaseFree = [
  "packages/validators/src/**/*.test.ts",
  "packages/db/src/schema/*.test.ts",
  "packages/db/src/sqlite/transaction.test.ts",
  "packages/auth/src/password.test.ts",
  "packages/auth/src/mailer.test.ts",
  "packages/auth/src/same-origin.test.ts",
  "packages/auth/src/cli/read-password.test.ts",
  "apps/web/src/**/*.test.ts",
  "packages/client/src/**/*.test.ts",
  "packages/api/src/transformer.test.ts",
  "packages/server/src/events/**/*.test.ts",
  "packages/server/src/rate-limit/limiter.test.ts",
  "packages/server/src/rate-limit/client-ip.test.ts",
  "packages/server/src/layers.test.ts",
  "packages/jobs/src/csv.test.ts",
  "packages/jobs/src/jobs/render.test.ts",
  // The generated 500-procedure router: its types, and tsc's instantiation budget for them.
  "bench/types/**/*.test.ts",
];
const databaseTests = [
  "packages/db/src/**/*.test.ts",
  "packages/auth/src/**/*.test.ts",
  "packages/api/src/**/*.test.ts",
  "packages/jobs/src/**/*.test.ts",
  "packages/server/src/**/*.test.ts",
];

const dialects = ["sqlite", "pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];

export default defineConfig({
  test: {
    projects: [
      // Packing and installing the client takes a while; its test says so itself (240 s).
      { test: { name: "unit", include: databaseFree, environment: "node", hookTimeout: 240_000, testTimeout: 60_000 } },
      ...dialects.map((dialect) => ({
        test: {
          name: dialect,
          include: databaseTests,
          exclude: [...databaseFree, ...(dialect === "sqlite" ? [] : ["**/*.sqlite.test.ts"])],
          environment: "node" as const,
          env: { TRELLIS_TEST_DIALECT: dialect },
          // next-auth imports "next/server" without an extension, which only a bundler resolves:
          // inlined, vite resolves it, so tests can drive the real Auth.js handlers (packages/server/src/rate-limit/sign-in.test.ts).
          server: { deps: { inline: ["next-auth"] } },
          // PGlite boots a WebAssembly Postgres per test file; a server round trip is slower than memory.
          testTimeout: dialect === "sqlite" ? 5_000 : 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
