import type { Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

import { expect, test } from "./fixtures";
import { signedInAs, signOut } from "./support";

/**
 * The code an authenticator app shows for `secret` (as the settings page prints it), `steps` 30-second
 * steps from now. The server accepts one step either side of its clock, and each step's code once.
 */
const codeAt = (secret: string, steps: number) =>
  new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, "")), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + steps * 30_000,
  });

async function passwordStep(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Enter the code from your authenticator app.")).toBeVisible();
  // The pressed "Sign in" is gone: focus is in the code field, not on <body>, and the code is the one way on.
  const code = page.getByLabel("Authentication code");
  await expect(code).toBeFocused();
  await expect(code).toHaveAttribute("inputmode", "numeric");
  await expect(code).toHaveAttribute("autocomplete", "one-time-code");
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeHidden();
}

test("two-factor: set up from settings, then sign in with a code, and once with each recovery code", async ({
  page,
  user,
}) => {
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Two-factor sign-in" });
  const secret = section.getByTestId("totp-secret");
  // The button is a script's: a click before the page hydrates does nothing, so it is repeated until the
  // setup shows (begin again only replaces a pending secret).
  await expect(async () => {
    if (!(await secret.isVisible())) await section.getByRole("button", { name: "Set up two-factor" }).click();
    await expect(secret).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(section.getByRole("img", { name: "QR code to add Trellis to your authenticator app" })).toBeVisible();
  // "Start again" replaces the secret with a new one.
  const first = (await secret.textContent()) ?? "";
  await section.getByRole("button", { name: "Start again" }).click();
  await expect(secret).not.toHaveText(first);
  const key = (await secret.textContent()) ?? "";

  await section.getByLabel("Code from the app").fill(codeAt(key, 0));
  await section.getByRole("button", { name: "Turn on two-factor" }).click();
  const codes = section.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recoveryCodes = await codes.allTextContents();
  await expect(section).toContainText("10 of 10 recovery codes left");
  // Shown once: done with them, they are gone and focus is back at the section's heading.
  await section.getByRole("button", { name: "Done" }).click();
  await expect(section.getByTestId("recovery-codes")).toBeHidden();
  await expect(section.getByRole("heading", { name: "Two-factor sign-in" })).toBeFocused();

  // The password alone no longer signs in: the page asks for the code, and a code from the app does it.
  await signOut(page);
  await passwordStep(page, user);
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That code is not valid.");
  // Switching to a recovery code (a field for letters, focused) clears the app code's message, and back.
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await expect(page.getByLabel("Recovery code")).toBeFocused();
  await expect(page.getByLabel("Recovery code")).not.toHaveAttribute("inputmode", "numeric");
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await page.getByRole("button", { name: "Use your authenticator app" }).click();
  await expect(page.getByLabel("Authentication code")).toBeFocused();
  // The current step's code went to turning it on and is never accepted again: the next step's is (typed
  // with a space, as apps show it).
  await page.getByLabel("Authentication code").fill(codeAt(key, 1).replace(/^(\d{3})/, "$1 "));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await expect(signedInAs(page)).toContainText(user.name);

  // A recovery code signs in once.
  const [recovery] = recoveryCodes;
  await signOut(page);
  for (const outcome of ["signed in", "refused"] as const) {
    await passwordStep(page, user);
    await page.getByRole("button", { name: "Use a recovery code" }).click();
    await page.getByLabel("Recovery code").fill(recovery ?? "");
    await page.getByRole("button", { name: "Verify" }).click();
    if (outcome === "signed in") {
      await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
      await expect(signedInAs(page)).toContainText(user.name);
      await signOut(page);
    } else {
      await expect(page.getByRole("main").getByRole("alert")).toHaveText("That recovery code is not valid.");
    }
  }
});

test("a provider's sign-in refused for an account with two-factor on says how to sign in instead", async ({ page }) => {
  // Where Auth.js sends a provider's sign-in that its signIn callback refused (packages/auth/src/oauth.ts).
  await page.goto("/sign-in?error=provider-two-factor");
  await expect(page.getByRole("alert").filter({ hasText: "two-factor sign-in on" })).toContainText(
    "sign in with your password and code, or with a passkey",
  );
  // Only that flag names a message: anything else in `error` puts no words of its own on the page.
  await page.goto("/sign-in?error=Your%20account%20was%20hacked");
  await expect(page.getByText("hacked")).toHaveCount(0);
});
