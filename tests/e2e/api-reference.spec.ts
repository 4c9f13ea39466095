import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

import { expect, test } from "./fixtures";

/**
 * /docs/api is Swagger UI in the app's look (docs/decisions/042): no serious or
 * critical axe violation, light or dark, on a desktop or a 390 px phone, with
 * an operation open and its answer shown; nothing the CSP blocks; nothing
 * wider than the phone.
 */

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

/** The operation every app has, GET /me: the reference's checks run on it, whatever routes the app adds. */
const ME = "#operations-account-account-me";

/** Opens GET /me and runs it, so the check covers the form and a live answer too. */
async function openAndRunMe(page: Page) {
  const me = page.locator(ME);
  await me.locator(".opblock-summary-control").click();
  await me.getByRole("button", { name: "Execute" }).click();
  await expect(me.locator(".live-responses-table tbody .response-col_status").first()).toHaveText("200");
  return me;
}

/** Opens /docs/api and waits for its operations: Swagger UI's bundle is parsed and the document fetched first. */
async function openReference(page: Page) {
  await page.goto("/docs/api");
  // A cold server takes its time.
  await expect(page.locator(ME)).toBeVisible({ timeout: 30_000 });
}

for (const colorScheme of ["light", "dark"] as const) {
  for (const width of [1280, 390]) {
    // Tagged: axe's verdict depends on the page, not the database, so `pnpm test` runs it once per run.
    test(`/docs/api has no serious axe violation: ${colorScheme}, ${width} px`, { tag: "@a11y" }, async ({ page }) => {
      const cspErrors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
          cspErrors.push(message.text());
        }
      });
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      await openReference(page);
      expect(await seriousViolations(page)).toEqual([]);

      const list = await openAndRunMe(page);
      expect(await seriousViolations(page)).toEqual([]);
      expect(cspErrors).toEqual([]);

      // The theme follows the system: the reference is drawn on the page's own surface and ink.
      // (--surface in globals.css: #1a1b19 dark, #ffffff light)
      await expect(list).toHaveCSS(
        "background-color",
        colorScheme === "dark" ? "rgb(26, 27, 25)" : "rgb(255, 255, 255)",
      );

      // Nothing is wider than the screen, and the download button sits above the answer, not on it.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const body = list.locator(".live-responses-table .highlight-code").first();
      const download = body.locator(".download-contents");
      const code = body.locator(".microlight");
      const [buttonBox, codeBox] = [await download.boundingBox(), await code.boundingBox()];
      expect(buttonBox && codeBox && buttonBox.y + buttonBox.height <= codeBox.y).toBe(true);
      if (width === 390) {
        const status = list.locator(".live-responses-table tbody .response-col_description").first();
        // Stacked under the status, the answer spans the card (about 290 px of 390); beside it, it had 190.
        expect((await status.boundingBox())?.width ?? 0).toBeGreaterThan(260);
      }
    });
  }
}

// A write's form: its JSON body editor, filled from the documented example (the posts' create is the write there is).
test("/docs/api: a write's body editor starts from its example, with no serious axe violation", {
  tag: "@a11y",
}, async ({ page }) => {
  await openReference(page);
  const create = page.locator("#operations-posts-post-create");
  await create.locator(".opblock-summary-control").click();
  await expect(create.getByRole("textbox", { name: "Request body" })).toHaveValue(/Hello, Trellis/);
  expect(await seriousViolations(page)).toEqual([]);
});
