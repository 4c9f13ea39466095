/**
 * `pnpm screenshots`: PNGs of the main screens, to look at a change the way
 * people will see it. Starts the production build (`pnpm build` first) on a
 * fresh, seeded database, as the e2e workers do (tests/e2e/app-server.ts),
 * signs in as the seeded admin, and writes every screen at a phone and a
 * desktop width, in light and dark, into screenshots/ (git-ignored), printing
 * each path.
 *
 *   pnpm screenshots                 # all of them
 *   pnpm screenshots settings admin  # only the screens named
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

import { type APIRequestContext, type BrowserContext, chromium, type Page } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "@trellis/db";

import { startAppServer } from "../tests/e2e/app-server";
import { findChromium, NO_CHROMIUM_MESSAGE } from "./chromium.mjs";
import { hasProductionBuild, REPO_ROOT } from "./production-build.mjs";

const OUT_DIR = join(REPO_ROOT, "screenshots");
const WIDTHS = [390, 1280] as const;
const SCHEMES = ["light", "dark"] as const;

interface Screen {
  name: string;
  /** Signed out screens are taken in a context of their own, without the admin's cookie. */
  signedIn: boolean;
  path: (links: { post: string }) => string;
}

const SCREENS: Screen[] = [
  { name: "feed", signedIn: true, path: () => "/" },
  { name: "post", signedIn: true, path: ({ post }) => post },
  { name: "sign-in", signedIn: false, path: () => "/sign-in" },
  { name: "reset-link-unusable", signedIn: false, path: () => "/reset-password" },
  { name: "settings", signedIn: true, path: () => "/settings" },
  { name: "admin", signedIn: true, path: () => "/admin" },
  { name: "api-docs", signedIn: true, path: () => "/docs/api" },
];

async function main() {
  if (!hasProductionBuild()) return refuse("No production build: run `pnpm build` first.");
  const found = findChromium();
  if (!found) return refuse(NO_CHROMIUM_MESSAGE);
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !SCREENS.some((screen) => screen.name === name));
  if (unknown.length)
    return refuse(`No screen ${unknown.join(", ")}; there are: ${SCREENS.map((s) => s.name).join(", ")}`);
  const screens = wanted.length ? SCREENS.filter((screen) => wanted.includes(screen.name)) : SCREENS;

  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });

  const app = await startAppServer("screenshots");
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
  });
  try {
    for (const width of WIDTHS) {
      for (const colorScheme of SCHEMES) {
        const contexts = {
          signedIn: await newContext(browser, app.baseURL, width, colorScheme),
          signedOut: await newContext(browser, app.baseURL, width, colorScheme),
        };
        await signIn(contexts.signedIn.request, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
        const pages = { signedIn: await contexts.signedIn.newPage(), signedOut: await contexts.signedOut.newPage() };
        const links = { post: await firstPostPath(pages.signedIn) };
        for (const screen of screens) {
          const page = screen.signedIn ? pages.signedIn : pages.signedOut;
          await showSettled(page, screen.path(links));
          const file = join(OUT_DIR, `${screen.name}-${width}-${colorScheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          console.log(file);
        }
        await contexts.signedIn.close();
        await contexts.signedOut.close();
      }
    }
  } finally {
    await browser.close();
    await app.stop();
  }
}

function newContext(
  browser: Awaited<ReturnType<typeof chromium.launch>>,
  baseURL: string,
  width: number,
  colorScheme: "light" | "dark",
): Promise<BrowserContext> {
  // Animations off and a fixed clock-free viewport: two runs of an unchanged app give the same pictures.
  return browser.newContext({ baseURL, viewport: { width, height: 900 }, colorScheme, reducedMotion: "reduce" });
}

/** Signs a context in through Auth.js's own endpoints, as the e2e fixtures do. */
async function signIn(request: APIRequestContext, who: { email: string; password: string }) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { ...who, csrfToken, callbackUrl: "/" },
    maxRedirects: 0,
  });
  if ((response.headers().location ?? "").includes("error")) throw new Error(`Could not sign in as ${who.email}`);
}

async function firstPostPath(page: Page): Promise<string> {
  await page.goto("/");
  const href = await page.locator('main a[href^="/posts/"]').first().getAttribute("href");
  if (!href) throw new Error("The feed shows no post");
  return href;
}

/** A mistake in how the script was called: one line saying so, not a stack trace. */
function refuse(message: string) {
  console.error(message);
  process.exitCode = 1;
}

/** Opens `path` and waits until the page shows its content: a heading, no loading placeholders, fonts ready. */
async function showSettled(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll("[aria-busy=true]").length === 0);
  if (path === "/docs/api") await page.waitForLoadState("networkidle");
  await page.evaluate(() => document.fonts.ready);
}

await main();
