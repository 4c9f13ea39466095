// Finds a Chromium for Playwright. Order: an explicit PLAYWRIGHT_CHROMIUM_EXECUTABLE,
// Debian's /usr/bin/chromium, then a browser Playwright installed itself.
// Shared by playwright.config.ts and scripts/ensure-chromium.mjs.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** @returns {{ executablePath: string | undefined, source: string } | null} */
export function findChromium() {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`PLAYWRIGHT_CHROMIUM_EXECUTABLE=${fromEnv} does not exist.`);
    }
    return { executablePath: fromEnv, source: "PLAYWRIGHT_CHROMIUM_EXECUTABLE" };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, source: DEBIAN_CHROMIUM };
  try {
    const { chromium } = createRequire(import.meta.url)("@playwright/test");
    const own = chromium.executablePath();
    // undefined executablePath: let Playwright launch its own browser.
    if (own && existsSync(own)) return { executablePath: undefined, source: own };
  } catch {
    // Playwright not installed yet or has no browser: fall through.
  }
  return null;
}

export const NO_CHROMIUM_MESSAGE = [
  "No Chromium found for the end-to-end tests. Any one of these fixes it:",
  "  - Debian/Ubuntu: apt-get install -y chromium        (gives /usr/bin/chromium)",
  "  - set PLAYWRIGHT_CHROMIUM_EXECUTABLE=/path/to/chrome-or-chromium",
  "  - pnpm exec playwright install chromium              (where downloads are allowed)",
].join("\n");
