import { type APIResponse, expect, type Page } from "@playwright/test";

import { transformer } from "@trellis/api/transformer";
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_USER_EMAIL, DEMO_USER_PASSWORD } from "@trellis/db";

/** The seeded accounts (README). */
export const demo = { email: DEMO_USER_EMAIL, password: DEMO_USER_PASSWORD, name: "Dana Demo" };
export const admin = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, name: "Ada Admin" };

/** Options for Playwright's `request.post` that send `input` as a tRPC body, in the app's wire format (devalue). */
export const trpcInput = (input: unknown) => ({
  data: JSON.stringify(transformer.input.serialize(input)),
  headers: { "content-type": "application/json" },
});

/** A tRPC response's `result.data` or `error`, decoded from the wire format. */
export async function trpcOutcome(response: APIResponse): Promise<{ data?: unknown; error?: unknown }> {
  const body = (await response.json()) as { result?: { data: unknown }; error?: unknown };
  if (body.result) return { data: transformer.output.deserialize(body.result.data) };
  return { error: transformer.output.deserialize(body.error) };
}

/** Unique per call, so specs never depend on each other's rows. */
export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface Person {
  name: string;
  email: string;
  password: string;
}

export function newPerson(label: string): Person {
  const id = unique(label).replace(/\W+/g, "-").toLowerCase();
  return { name: unique(label), email: `${id}@example.com`, password: "a long e2e password" };
}

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
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

/**
 * Opens the account menu and clicks `item`. The menu is a script's (Radix's dropdown): a click that
 * lands before the header has hydrated does nothing, so the click is repeated until the menu is open —
 * only while it is still closed, since a second click on an open menu would close it.
 */
export async function chooseFromAccountMenu(page: Page, item: string) {
  const trigger = signedInAs(page);
  const menuItem = page.getByRole("menuitem", { name: item });
  await expect(async () => {
    if ((await trigger.getAttribute("aria-expanded")) !== "true") await trigger.click();
    await expect(menuItem).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await menuItem.click();
}

export async function signOut(page: Page) {
  await chooseFromAccountMenu(page, "Sign out");
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
}

/** The account menu's trigger in the header: the signed-in name (for screen readers "Signed in as …"). */
export const signedInAs = (page: Page) => page.getByRole("banner").getByRole("button", { name: /^Signed in as / });
