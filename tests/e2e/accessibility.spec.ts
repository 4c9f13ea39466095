/**
 * The accessibility gate: axe-core on every page of the app, signed out and
 * signed in (as the admin, who sees every page), on a phone and a desktop
 * width, in light and dark mode. A serious or critical violation fails the
 * page; moderate and minor ones are listed as annotations of the test, not
 * failures (docs/decisions/045-an-accessibility-gate-on-serious-violations.md).
 *
 * One test per combination, one browser context each, the pages in a loop:
 * eight contexts instead of one per page, and every page's violations are
 * reported (a soft assertion per page), not only the first page's.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

import { expect, signInViaApi, test } from "./fixtures";
import { admin, newPerson, trpcInput } from "./support";

/** The impacts that fail a page; axe rates each violation minor, moderate, serious or critical. */
const FAILING = new Set<string | null | undefined>(["serious", "critical"]);

interface AppPage {
  /** What the report calls it. */
  name: string;
  path: string | ((links: Links) => Promise<string>);
  /** Whether this page exists for a signed-out visitor, a signed-in one, or both (the default). */
  for?: "signed out" | "signed in";
}

/** What finds the paths that are only known once the app runs (a real post, a live reset link). */
interface Links {
  page: Page;
  resetLink: () => Promise<string>;
}

/*
 * Every page under apps/web/src/app. Not /dev/mailbox: it exists in
 * development only, and these specs run the production build, where it is a
 * 404 (covered by the 404 page). Not /sign-in, /sign-up, /forgot-password
 * signed in: they send a signed-in person on. Not /settings and /admin signed
 * out: they send to /sign-in.
 */
const PAGES: AppPage[] = [
  { name: "home", path: "/" },
  { name: "post", path: ({ page }) => firstPostPath(page) },
  { name: "sign in", path: "/sign-in", for: "signed out" },
  { name: "sign in, password changed", path: "/sign-in?notice=password-changed", for: "signed out" },
  { name: "sign up", path: "/sign-up", for: "signed out" },
  { name: "forgot password", path: "/forgot-password", for: "signed out" },
  { name: "reset password, no token", path: "/reset-password", for: "signed out" },
  { name: "reset password, made-up token", path: `/reset-password?token=${"A".repeat(43)}`, for: "signed out" },
  { name: "reset password, live token", path: ({ resetLink }) => resetLink(), for: "signed out" },
  { name: "settings", path: "/settings", for: "signed in" },
  { name: "admin", path: "/admin", for: "signed in" },
  { name: "API reference", path: "/docs/api" },
  { name: "404", path: "/no-such-page" },
];

const WIDTHS = [390, 1280] as const;
const SCHEMES = ["light", "dark"] as const;
const WHO = ["signed out", "signed in"] as const;

/*
 * One reset link per worker, asked for once: each request spends a point of
 * the per-address reset limit, which the worker's other specs share. Nothing
 * redeems it, so it stays live for the 30 minutes a run takes at most.
 */
let resetLink: Promise<string> | undefined;

/** What the page is made of, not what database serves it: `pnpm test` runs these once per run (scripts/test.mjs). */
const A11Y = "@a11y";

for (const who of WHO) {
  for (const width of WIDTHS) {
    for (const colorScheme of SCHEMES) {
      test(
        `no serious or critical axe violations: ${who}, ${width} px, ${colorScheme}`,
        { tag: A11Y },
        async ({ browser, app, mailbox }, testInfo) => {
          const context = await browser.newContext({ baseURL: app.baseURL, viewport: { width, height: 900 } });
          const page = await context.newPage();
          await page.emulateMedia({ colorScheme });
          if (who === "signed in") await signInViaApi(context.request, admin);

          const links: Links = { page, resetLink: () => (resetLink ??= askForResetLink(page, mailbox)) };

          for (const appPage of PAGES.filter((candidate) => (candidate.for ?? who) === who)) {
            const path = typeof appPage.path === "string" ? appPage.path : await appPage.path(links);
            await test.step(`${appPage.name} (${path})`, async () => {
              await open(page, path);
              const { violations } = await new AxeBuilder({ page }).analyze();
              const failing = violations.filter((violation) => FAILING.has(violation.impact));
              for (const other of violations.filter((violation) => !failing.includes(violation))) {
                testInfo.annotations.push({
                  type: `axe ${other.impact ?? "unrated"}`,
                  description: `${appPage.name}: ${other.id} on ${other.nodes.length} element(s)`,
                });
              }
              const lines = failing.flatMap((violation) => [
                `${violation.id} (${violation.impact}): ${violation.help} — ${violation.helpUrl}`,
                ...violation.nodes.map((node) => `    ${node.target.join(" ")}`),
              ]);
              // The count, not the lines, is compared: the message lists them once, without a diff repeating them.
              expect
                .soft(
                  failing.length,
                  `${appPage.name} at ${path}, ${who}, ${width} px, ${colorScheme}:\n${lines.join("\n")}`,
                )
                .toBe(0);
            });
          }
          await context.close();
        },
      );
    }
  }
}

/** Goes to `path` and waits until what it shows is its content, not a placeholder. */
async function open(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  // Skeletons say aria-busy; a page whose parts stream in has them until the last part arrives.
  await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
  if (path === "/docs/api") await page.waitForLoadState("networkidle");
}

/** The path of the feed's first post (a seeded one). */
async function firstPostPath(page: Page): Promise<string> {
  await page.goto("/");
  const href = await page.locator('main a[href^="/posts/"]').first().getAttribute("href");
  if (!href) throw new Error("The feed shows no post to check");
  return href;
}

/** A live reset link for a new account, read from the mailbox as the person would. */
async function askForResetLink(
  page: Page,
  mailbox: { latestTo(email: string, subject?: string): Promise<{ text: string }> },
): Promise<string> {
  const person = newPerson("Axe");
  const request = page.context().request;
  expect((await request.post("/api/trpc/account.signUp", trpcInput(person))).ok()).toBe(true);
  expect((await request.post("/api/trpc/account.requestPasswordReset", trpcInput({ email: person.email }))).ok()).toBe(
    true,
  );
  const { text } = await mailbox.latestTo(person.email, "Reset your Trellis password");
  const link = text.match(/\/reset-password\?token=[\w-]{43}/)?.[0];
  if (!link) throw new Error(`No reset link in the email to ${person.email}`);
  return link;
}
