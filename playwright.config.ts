import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { defineConfig, devices } from "@playwright/test";

import { dialectOf } from "./packages/db/src/dialect";
import { findChromium, NO_CHROMIUM_MESSAGE } from "./scripts/chromium.mjs";

/**
 * End-to-end tests run against a PRODUCTION build (`pnpm build` first) served
 * on a free port with a brand-new database, never the dev server or
 * data/trellis.db. The app migrates and seeds that database on first request.
 *
 * This file is evaluated by the runner and again by each worker; the port and
 * database path are chosen once and handed down through the environment.
 */
function freePort(): string {
  const script =
    "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
}

process.env.TRELLIS_E2E_PORT ??= freePort();
process.env.TRELLIS_E2E_DB ??= join(tmpdir(), `trellis-e2e-${process.pid}-${Date.now()}`, "e2e.db");
const port = process.env.TRELLIS_E2E_PORT;
const databaseFile = process.env.TRELLIS_E2E_DB;
const baseURL = `http://127.0.0.1:${port}`;

// The app's database: a fresh SQLite file, or an empty Postgres database that
// `pnpm test` created when TEST_DATABASE_URL is set (TRELLIS_E2E_DATABASE_URL).
const databaseUrl = process.env.TRELLIS_E2E_DATABASE_URL || `file:${databaseFile}`;
const dialect = dialectOf(databaseUrl);

// Emails land as .eml files here; specs read them (tests/e2e/support.ts).
process.env.TRELLIS_E2E_MAILBOX ??= join(tmpdir(), `trellis-e2e-mail-${process.pid}-${Date.now()}`);
// A fresh signing key per run: production refuses to start without one.
process.env.TRELLIS_E2E_AUTH_SECRET ??= randomBytes(32).toString("base64url");

const webDir = join(import.meta.dirname, "apps", "web");
if (!existsSync(join(webDir, ".next", "BUILD_ID"))) {
  throw new Error("No production build of apps/web: run `pnpm build` before the e2e tests (`pnpm test:e2e` does).");
}

const chromium = findChromium();
if (!chromium) throw new Error(NO_CHROMIUM_MESSAGE);
if (dialect === "sqlite") mkdirSync(join(databaseFile, ".."), { recursive: true });

export default defineConfig({
  testDir: "./tests/e2e",
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 1,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
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
  webServer: {
    command: `pnpm --filter @trellis/web exec next start --hostname 127.0.0.1 --port ${port}`,
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    env: {
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      AUTH_SECRET: process.env.TRELLIS_E2E_AUTH_SECRET,
      APP_URL: baseURL,
      MAILBOX_DIR: process.env.TRELLIS_E2E_MAILBOX,
    },
  },
});
