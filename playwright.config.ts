import { defineConfig, devices } from "@playwright/test";

import { findChromium, NO_CHROMIUM_MESSAGE } from "./scripts/chromium.mjs";
import { hasProductionBuild } from "./scripts/production-build.mjs";

/**
 * End-to-end tests run against the PRODUCTION build (`pnpm build` first).
 * There is no shared web server: each worker starts its own production server
 * (apps/web/server.ts, as `pnpm start` runs it) on a
 * free port with its own fresh database (tests/e2e/fixtures.ts), so specs run
 * in parallel and never touch the dev server or data/trellis.db.
 *
 * The database is SQLite, or — when TRELLIS_E2E_DATABASE_URL names a Postgres
 * server (`pnpm test` sets it from TEST_DATABASE_URL) — a new database on it
 * per worker, dropped afterwards. The project's name says which.
 */
if (!hasProductionBuild()) {
  throw new Error("No production build of apps/web: run `pnpm build` before the e2e tests (`pnpm test` does).");
}

const chromium = findChromium();
if (!chromium) throw new Error(NO_CHROMIUM_MESSAGE);
const dialect = process.env.TRELLIS_E2E_DATABASE_URL ? "postgres" : "sqlite";

export default defineConfig({
  testDir: "./tests/e2e",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  // In CI a test that fails is run once more, and one that then passes is named as flaky in the
  // summary (scripts/test.mjs) rather than hidden: a flake on a shared runner is worth fixing, not worth
  // throwing away a whole 25-minute run for. Locally a failure is a failure.
  retries: process.env.CI ? 1 : 0,
  // Each worker is a browser plus its own Next.js server: two fit a two-core machine.
  workers: 2,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  // A hang detector, not a speed budget: the longest specs are journeys of 30–40 browser steps (sign up,
  // sign out, sign in as someone else…) and on a two-core CI machine, shared by two browsers and two
  // servers, each step takes 0.5–3 s. Playwright's default 30 s failed them for slowness alone, and 60 s
  // is too near: on 2026-12-02 the sign-up journey took 47 s on the unchanged code and 52–58 s after the
  // security review's specs joined it, every step progressing. Expect timeouts stay at 10 s.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  outputDir: `test-results/e2e-${dialect}`,
  projects: [
    {
      // The dialect is in the name, so the report says which database the app ran on.
      name: `chromium-${dialect}`,
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromium.executablePath,
          // What a closed network needs: no first-run, sync or update traffic.
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
});
