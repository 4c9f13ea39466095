import { test as base, expect, type Page } from "@playwright/test";
import { OAuth2Server } from "oauth2-mock-server";

import { type AppServer, startAppServer } from "./app-server";
import { newPerson, signedInAs, signIn, signOut, signUp, unique } from "./support";

/**
 * Signing in through a company's OpenID Connect provider (docs/auth.md, ADR 052) in a real
 * Chromium. A local provider stands in, started here on loopback: the app discovers it from
 * AUTH_OIDC_ISSUER, and each test says who the provider vouches for next (the ID token's claims).
 * It signs anyone in at once — no login page — so a click on the button comes straight back.
 */
const PROVIDER = "Acme SSO";

/** The claims the provider's next ID token carries: who it says the person is (one worker, one test at a time). */
let vouchedFor: { sub: string; email: string; email_verified: boolean; name: string } | undefined;

/** This worker's provider, and its app configured to sign in through it. */
const test = base.extend<object, { oidcApp: AppServer }>({
  oidcApp: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function asks for from this pattern.
    async ({}, use, workerInfo) => {
      const provider = new OAuth2Server();
      await provider.issuer.keys.generate("RS256");
      provider.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
        if (vouchedFor) Object.assign(token.payload, vouchedFor);
      });
      await provider.start(0, "127.0.0.1");
      // By its address, not "localhost": the app's requests to it must not try ::1 first.
      provider.issuer.url = `http://127.0.0.1:${provider.address().port}`;
      const app = await startAppServer(`oidc-w${workerInfo.workerIndex}`, undefined, {
        AUTH_OIDC_ISSUER: provider.issuer.url ?? "",
        AUTH_OIDC_ID: "trellis-e2e",
        AUTH_OIDC_SECRET: "trellis-e2e-secret",
        AUTH_OIDC_NAME: PROVIDER,
      });
      await use(app);
      if (process.env.TRELLIS_E2E_PRINT_APP_LOG) console.log(app.output());
      await app.stop();
      await provider.stop();
    },
    { scope: "worker", timeout: 90_000 },
  ],
  baseURL: async ({ oidcApp }, use) => use(oidcApp.baseURL),
});

/** The provider's next sign-in is this person, with a verified email unless said otherwise. */
function providerSignsIn(person: { email: string; name: string }, emailVerified = true) {
  vouchedFor = {
    sub: unique("sub").replace(/\W+/g, "-"),
    email: person.email,
    email_verified: emailVerified,
    name: person.name,
  };
  return vouchedFor;
}

async function clickProviderSignIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: `Sign in with ${PROVIDER}` }).click();
}

const methods = (page: Page) => page.getByRole("region", { name: "Sign-in methods" });

test("a new person signs in through the provider, becomes a user, and is the same user next time", async ({ page }) => {
  const person = newPerson("Sso");
  providerSignsIn(person);
  await clickProviderSignIn(page);
  await page.waitForURL((current) => current.pathname === "/");
  await expect(signedInAs(page)).toHaveAccessibleName(`Signed in as ${person.name}`);
  await page.goto("/settings");
  await expect(page.getByText(`Signed in as ${person.email}`)).toBeVisible();
  await expect(methods(page)).toContainText(`${PROVIDER}: connected`);

  await signOut(page);
  await clickProviderSignIn(page);
  await page.waitForURL((current) => current.pathname === "/");
  await expect(signedInAs(page)).toHaveAccessibleName(`Signed in as ${person.name}`);
});

test("a password account is never taken over by email: connected only from Settings, then signs in", async ({
  page,
}) => {
  const person = newPerson("Linker");
  await page.goto("/");
  await signUp(page, person);
  await signOut(page);

  // The provider vouches for the same, verified, email: still refused, with what to do instead.
  providerSignsIn(person);
  await clickProviderSignIn(page);
  await page.waitForURL(/\/sign-in\?error=provider-account-exists/);
  await expect(page.getByText("Sign in with your password, then connect")).toBeVisible();

  // Signed in with the password, the person connects the provider account.
  await signIn(page, person);
  await page.goto("/settings");
  await methods(page)
    .getByRole("link", { name: `Connect ${PROVIDER}` })
    .click();
  await page.waitForURL(/\/settings\?connect=connected/);
  await expect(methods(page).getByRole("status")).toContainText("Connected");
  await expect(methods(page)).toContainText(`${PROVIDER}: connected`);

  await signOut(page);
  await clickProviderSignIn(page);
  await page.waitForURL((current) => current.pathname === "/");
  await expect(signedInAs(page)).toHaveAccessibleName(`Signed in as ${person.name}`);

  // The password is still a way in: the provider can be disconnected.
  await page.goto("/settings");
  await methods(page)
    .getByRole("button", { name: `Disconnect ${PROVIDER}` })
    .click();
  await page.waitForURL(/\/settings\?connect=unlinked/);
  await expect(methods(page)).toContainText(`${PROVIDER}: not connected`);
});

test("an email the provider did not verify neither creates an account nor connects one", async ({ page }) => {
  const stranger = newPerson("Unverified");
  providerSignsIn(stranger, false);
  await clickProviderSignIn(page);
  await page.waitForURL(/\/sign-in\?error=provider-email-unverified/);
  await expect(page.getByText("did not confirm this email address as verified")).toBeVisible();
  await expect(signedInAs(page)).toHaveCount(0);

  const person = newPerson("Careful");
  await signUp(page, person);
  providerSignsIn(person, false);
  await page.goto("/settings");
  await methods(page)
    .getByRole("link", { name: `Connect ${PROVIDER}` })
    .click();
  await page.waitForURL(/\/settings\?connect=unverified/);
  await expect(methods(page)).toContainText(`${PROVIDER}: not connected`);
});

test("the last way to sign in cannot be disconnected", async ({ page }) => {
  const person = newPerson("Only sso");
  providerSignsIn(person);
  await clickProviderSignIn(page);
  await page.waitForURL((current) => current.pathname === "/");
  await page.goto("/settings");
  await methods(page)
    .getByRole("button", { name: `Disconnect ${PROVIDER}` })
    .click();
  await page.waitForURL(/\/settings\?connect=last/);
  await expect(methods(page).getByRole("status")).toContainText("That is your only way to sign in");
  await expect(methods(page)).toContainText(`${PROVIDER}: connected`);
});

test("a callback whose state was tampered with signs no one in", async ({ page }) => {
  const person = newPerson("Tampered");
  providerSignsIn(person);
  // The provider's answer comes back with another `state` than the one this browser was given. A route
  // sees only the first request of a chain of redirects: the sign-in link's, whose answer (its cookies
  // kept) is sent on straight to the provider's callback, as the provider answers it, with the state changed.
  await page.route("**/api/auth/provider/oidc?**", async (route) => {
    const start = await route.fetch({ maxRedirects: 0 });
    const authorize = await page.request.get(start.headers().location ?? "", { maxRedirects: 0 });
    const callback = new URL(authorize.headers().location ?? "");
    callback.searchParams.set("state", "tampered");
    await route.fulfill({ response: start, headers: { ...start.headers(), location: callback.toString() } });
  });
  await clickProviderSignIn(page);
  await page.waitForURL((current) => current.pathname === "/sign-in" && current.searchParams.has("error"));
  await expect(signedInAs(page)).toHaveCount(0);
  // The same sign-in, untouched, goes through: the state alone was refused.
  await page.unrouteAll();
  await clickProviderSignIn(page);
  await page.waitForURL((current) => current.pathname === "/");
  await expect(signedInAs(page)).toHaveAccessibleName(`Signed in as ${person.name}`);
});
