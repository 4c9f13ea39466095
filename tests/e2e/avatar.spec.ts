import type { Page } from "@playwright/test";

import { callMutation, expect, signInViaApi, test } from "./fixtures";
import { newPerson, signedInAs, unique } from "./support";

/** What went wrong on `page` that a person would never see: an uncaught error or one in the console. */
function problemsOf(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/**
 * The initials badge (apps/web/src/lib/text.ts): a name whose word starts with
 * an emoji used to render half a surrogate pair ("T�") on the server and the
 * whole one in the browser, so every page showing that user failed to hydrate
 * — the public feed included, and the header of every page the user visits.
 */
test("a name starting a word with an emoji: the header's menu shows its initials and hydrates cleanly", async ({
  page,
}) => {
  const tess = { ...newPerson("Tess"), name: "Tess 🌟" };
  await callMutation(page.request, "account.signUp", tess);
  await signInViaApi(page.request, tess);

  const problems = problemsOf(page);
  await page.goto("/settings");
  const trigger = signedInAs(page);
  // Hydrated: React has put the trigger's props on its element, so a mismatch would have been reported.
  await expect
    .poll(() => trigger.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$"))))
    .toBe(true);
  await expect(trigger).toContainText("Tess 🌟");
  await expect(trigger.locator("span[aria-hidden='true']").first()).toHaveText("T🌟");
  expect(problems, "no hydration error, nothing uncaught").toEqual([]);
});

test("a name starting a word with an emoji: the feed shows its initials and hydrates cleanly", async ({
  browser,
  page,
  baseURL,
}) => {
  const tess = { ...newPerson("Tess"), name: "Tess 🌟" };
  const writer = await browser.newContext({ baseURL });
  const title = unique("Starry");
  try {
    await callMutation(writer.request, "account.signUp", tess);
    await signInViaApi(writer.request, tess);
    await callMutation(writer.request, "post.create", { title, body: "Written under a star." });
  } finally {
    await writer.close();
  }

  // Signed out, as anyone reading the home page.
  const problems = problemsOf(page);
  await page.goto("/");
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  const card = page.getByRole("article").filter({ hasText: title });
  await expect(card.getByText("Tess 🌟", { exact: true })).toBeVisible();
  await expect(card.locator("span[aria-hidden='true']").first()).toHaveText("T🌟");
  expect(problems, "no hydration error, nothing uncaught").toEqual([]);
});
