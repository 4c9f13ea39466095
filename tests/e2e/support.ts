import { expect, type Page } from "@playwright/test";

import { readMailbox } from "../../packages/auth/src/mailbox";
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_USER_EMAIL, DEMO_USER_PASSWORD } from "../../packages/db/src/seed";

/** The seeded accounts (README). */
export const demo = { email: DEMO_USER_EMAIL, password: DEMO_USER_PASSWORD, name: "Dana Demo" };
export const admin = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, name: "Ada Admin" };

/** Unique per call, so specs never depend on each other's rows. */
export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export function newPerson(label: string) {
  const id = unique(label).replace(/\W+/g, "-").toLowerCase();
  return { name: unique(label), email: `${id}@example.com`, password: "a long e2e password" };
}

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await expect(signedInAs(page)).toBeVisible();
}

export async function signUp(page: Page, who: { name: string; email: string; password: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("/");
}

export async function signOut(page: Page) {
  await page.locator("header summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
}

/** The signed-in name in the header (visually, and for screen readers "Signed in as …"). */
export const signedInAs = (page: Page) => page.locator("header summary");

/** The newest email to `to` in the dev mailbox the app writes to during e2e runs. */
export async function latestEmailTo(to: string) {
  const dir = process.env.TRELLIS_E2E_MAILBOX;
  if (!dir) throw new Error("TRELLIS_E2E_MAILBOX is not set (playwright.config.ts sets it)");
  let found: ReturnType<typeof readMailbox>[number] | undefined;
  await expect(async () => {
    found = readMailbox(dir).find((message) => message.to.includes(to));
    expect(found, `an email to ${to}`).toBeDefined();
  }).toPass({ timeout: 10_000 });
  return found;
}
