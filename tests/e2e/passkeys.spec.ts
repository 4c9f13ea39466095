import { type BrowserContext, expect, type Page, test } from "@playwright/test";

import { freePort } from "../../scripts/free-port.mjs";
import { type AppServer, startAppServer } from "./app-server";
import { newPerson, signedInAs, signOut, signUp } from "./support";

/**
 * Passkeys in a real Chromium, with a virtual authenticator (the DevTools
 * protocol's WebAuthn domain) standing in for a phone or a security key.
 *
 * A passkey belongs to a domain: the browser refuses an IP address as the RP
 * ID, so this spec's app is served as http://localhost:PORT — its APP_URL —
 * rather than 127.0.0.1 as the other workers' apps are.
 */
let app: AppServer | undefined;
let baseURL = "";

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function asks for from this pattern.
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  const port = await freePort();
  baseURL = `http://localhost:${port}`;
  app = await startAppServer(`passkeys-w${testInfo.workerIndex}`, undefined, { APP_URL: baseURL }, port);
});
test.afterAll(async () => {
  await app?.stop();
});

/** A page with a virtual authenticator: platform-like (internal), holding discoverable credentials, verifying its user. */
async function pageWithAuthenticator(context: BrowserContext) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const credentials = async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  return { page, credentials };
}

const passkeysSection = (page: Page) => page.getByRole("region", { name: "Passkeys" });
const passkeyList = (page: Page) => passkeysSection(page).getByRole("list", { name: "Your passkeys" });

async function signInWithPasskey(page: Page) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
}

test("add a passkey in settings, sign in with it and no password, then remove it", async ({ browser }) => {
  const context = await browser.newContext({ baseURL });
  const { page, credentials } = await pageWithAuthenticator(context);
  const person = newPerson("Keyholder");
  await signUp(page, person);

  await page.goto("/settings");
  await passkeysSection(page).getByLabel("Passkey name (optional)").fill("Virtual key");
  await passkeysSection(page).getByRole("button", { name: "Add a passkey" }).click();
  await expect(passkeysSection(page).getByRole("status")).toHaveText("Passkey “Virtual key” added.");
  await expect(passkeyList(page).getByRole("listitem")).toHaveCount(1);
  await expect(passkeyList(page)).toContainText("Virtual key");
  await expect(passkeyList(page)).toContainText("never used");
  // Discoverable: the authenticator keeps it, with the account it signs in to.
  const stored = await credentials();
  expect(stored).toHaveLength(1);
  expect(stored[0]?.isResidentCredential).toBe(true);

  await signOut(page);
  await signInWithPasskey(page);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await expect(signedInAs(page)).toContainText(person.name);

  await page.goto("/settings");
  await expect(passkeyList(page)).toContainText("last used");
  await passkeyList(page).getByRole("button", { name: "Rename Virtual key" }).click();
  await passkeyList(page).getByLabel("New name for Virtual key").fill("Desk key");
  await passkeyList(page).getByRole("button", { name: "Save name" }).click();
  await expect(passkeyList(page)).toContainText("Desk key");

  await passkeyList(page).getByRole("button", { name: "Remove Desk key" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove passkey" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(passkeyList(page)).toHaveCount(0);

  // The authenticator still holds it, but it no longer signs anyone in: refused like a wrong password.
  await signOut(page);
  await signInWithPasskey(page);
  // (Next's route announcer is an alert too, an empty one.)
  await expect(page.getByRole("alert").filter({ hasText: "That passkey did not sign you in." })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await context.close();
});
