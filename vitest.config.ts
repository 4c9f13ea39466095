import { availableParallelism } from "node:os";

import { defineConfig } from "vitest/config";

import { classifyTestFiles } from "./vitest.projects";

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
 *
 * Nobody lists the files: vitest.projects.ts reads each test file's imports,
 * and a file that reaches the test database helper (`@trellis/db/testing`,
 * directly or through `setupRouterTest`) is a database test.
 */
const tests = classifyTestFiles();
const dialects = ["sqlite", "pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];

export default defineConfig({
  test: {
    // Vitest's default, one worker fewer than the cores, is a single worker on a 2-core machine: every
    // file in turn. Its main process only collects results, and many files spend their time waiting on
    // processes they start (the CLI, the worker, the server) or on a database, so two workers at least.
    maxWorkers: Math.max(availableParallelism() - 1, 2),
    projects: [
      // Packing and installing the client takes a while; its test says so itself (240 s).
      {
        test: {
          name: "unit",
          include: tests.databaseFree,
          environment: "node",
          hookTimeout: 240_000,
          testTimeout: 60_000,
        },
      },
      ...dialects.map((dialect) => ({
        test: {
          name: dialect,
          include: dialect === "sqlite" ? [...tests.database, ...tests.sqliteOnly] : tests.database,
          environment: "node" as const,
          env: { TRELLIS_TEST_DIALECT: dialect },
          // next-auth imports "next/server" without an extension, which only a bundler resolves:
          // inlined, vite resolves it, so tests can drive the real Auth.js handlers (packages/server/src/rate-limit/sign-in.test.ts).
          server: { deps: { inline: ["next-auth"] } },
          // One migrated PGlite data directory per run, which each test file's own database starts from.
          ...(dialect === "pglite" ? { globalSetup: ["packages/db/src/pg/pglite-template.setup.ts"] } : {}),
          // A database test file imports most of the app (the router, Drizzle, Auth.js, PGlite's WebAssembly),
          // and loading it again for every file was most of these projects' time. Their files share their
          // worker's modules instead: each opens, and closes, a database of its own (docs/decisions/058).
          isolate: false,
          // PGlite boots a WebAssembly Postgres per test file; a server round trip is slower than memory.
          testTimeout: dialect === "sqlite" ? 5_000 : 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
