import type { APIRequestContext, Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import { newPerson, signedInAs, signIn, trpcInput } from "./support";

const UNUSABLE = "This link is invalid or has expired";

/** A reset link emailed to `email`, asked for through the API as the form would. */
async function emailedLink(
  request: APIRequestContext,
  mailbox: { latestTo(email: string, subject?: string): Promise<{ text: string }> },
  email: string,
) {
  const asked = await request.post("/api/trpc/account.requestPasswordReset", trpcInput({ email }));
  expect(asked.ok()).toBe(true);
  const { text } = await mailbox.latestTo(email, "Reset your Trellis password");
  const link = text.match(/https?:\/\/\S+\/reset-password\?token=[\w-]{43}/)?.[0];
  if (!link) throw new Error(`No reset link in the email to ${email}`);
  return link;
}

/** The page says the link is unusable before anything is typed, and offers a new one instead of the form. */
async function expectUnusableAtOnce(page: Page) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(UNUSABLE);
  await expect(page.getByLabel("New password")).toHaveCount(0);
  await page.getByRole("link", { name: "Ask for a new link" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
}

test("a reset page without a token says the link is unusable at once", async ({ page }) => {
  await page.goto("/reset-password");
  await expectUnusableAtOnce(page);
});

test("a made-up or mangled token is unusable at once, whatever its shape", async ({ page }) => {
  await page.goto(`/reset-password?token=${"A".repeat(43)}`);
  await expectUnusableAtOnce(page);
  await page.goto("/reset-password?token=not-a-token");
  await expectUnusableAtOnce(page);
  await page.goto(`/reset-password?token=${"x".repeat(500)}`);
  await expectUnusableAtOnce(page);
});

test("a full reset ends on the sign-in page, saying the password changed; the spent link is unusable at once", async ({
  page,
  mailbox,
}) => {
  const person = newPerson("Reset");
  const signedUp = await page.request.post("/api/trpc/account.signUp", trpcInput(person));
  expect(signedUp.ok()).toBe(true);
  const link = await emailedLink(page.request, mailbox, person.email);

  // Opening the link twice spends nothing: the check only looks.
  await page.goto(link);
  await page.reload();
  await page.getByLabel("New password").fill("a freshly chosen password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.waitForURL("/sign-in?notice=password-changed");
  await expect(page.getByRole("main").getByRole("status")).toHaveText(
    "Your password was changed. Sign in with the new one.",
  );

  await signIn(page, { email: person.email, password: "a freshly chosen password" });
  await expect(signedInAs(page)).toContainText(person.name);

  await page.goto(link);
  await expectUnusableAtOnce(page);
});

test("the sign-in page shows only notices it knows, never words from the URL", async ({ page }) => {
  await page.goto("/sign-in?notice=Your%20account%20was%20deleted");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("status")).toHaveCount(0);
  await expect(page.getByText("Your account was deleted")).toHaveCount(0);
});
