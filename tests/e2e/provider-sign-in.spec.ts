import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { test as base, expect, type Page } from "@playwright/test";
import { OAuth2Issuer, OAuth2Service } from "oauth2-mock-server";

import { type AppServer, startAppServer } from "./app-server";
import { newPerson, type Person, signedInAs, signOut, unique } from "./support";

/**
 * "Sign in with GitHub" and "Sign in with Google" in a real Chromium, against the production build
 * (docs/auth.md, ADR 055). One local provider on loopback stands in for both: the app is started with
 * AUTH_PROVIDER_TEST_ORIGIN naming it, so GitHub's paths (/login/oauth/authorize,
 * /login/oauth/access_token, /user, /user/emails) and Google's issuer are the stand-in's. It signs
 * anyone in at once; each test says who it vouches for next. oauth2-mock-server serves the OAuth and
 * OpenID endpoints; GitHub's emails API, which it lacks, is answered here in front of it.
 */

/** What the stand-in answers as GitHub: the profile (GET /user) and the emails API (GET /user/emails). */
let github: { profile: Record<string, unknown>; emails: { email: string; primary: boolean; verified: boolean }[] };
/** The claims of the stand-in's next ID token, as Google. */
let google: Record<string, unknown> = {};

/** The stand-in provider: oauth2-mock-server's handler at GitHub's paths, behind GitHub's emails API. */
async function startStandIn(): Promise<{ origin: string; server: Server }> {
  const issuer = new OAuth2Issuer();
  await issuer.keys.generate("RS256");
  const service = new OAuth2Service(issuer, {
    authorize: "/login/oauth/authorize",
    token: "/login/oauth/access_token",
    userinfo: "/user",
  });
  service.on("beforeUserinfo", (response: { body: unknown }) => {
    response.body = github.profile;
  });
  service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    Object.assign(token.payload, google);
  });
  const server = createServer((request, response) => {
    if (new URL(request.url ?? "/", "http://stand-in").pathname !== "/user/emails") {
      service.requestHandler(request, response);
      return;
    }
    // As GitHub: only for the access token the app was given.
    const bearer = request.headers.authorization?.startsWith("Bearer ");
    response.writeHead(bearer ? 200 : 401, { "content-type": "application/json" });
    response.end(JSON.stringify(bearer ? github.emails : { message: "Requires authentication" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // By its address, not "localhost": the app's requests to it must not try ::1 first.
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer.url = origin;
  return { origin, server };
}

/** This worker's stand-in, and its app with GitHub and Google sign-in pointed at it. */
const test = base.extend<object, { providerApp: AppServer }>({
  providerApp: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function asks for from this pattern.
    async ({}, use, workerInfo) => {
      const standIn = await startStandIn();
      const app = await startAppServer(`providers-w${workerInfo.workerIndex}`, undefined, {
        AUTH_GITHUB_ID: "e2e-github",
        AUTH_GITHUB_SECRET: "e2e-github-secret",
        AUTH_GOOGLE_ID: "e2e-google",
        AUTH_GOOGLE_SECRET: "e2e-google-secret",
        AUTH_PROVIDER_TEST_ORIGIN: standIn.origin,
      });
      await use(app);
      if (process.env.TRELLIS_E2E_PRINT_APP_LOG) console.log(app.output());
      await app.stop();
      await new Promise((resolve) => standIn.server.close(resolve));
    },
    { scope: "worker", timeout: 90_000 },
  ],
  baseURL: async ({ providerApp }, use) => use(providerApp.baseURL),
});

/** GitHub's next sign-in is this person, a new GitHub user, whose primary email is verified unless said otherwise. */
function githubSignsIn(person: Person, primaryVerified = true) {
  google = {};
  github = {
    // The public profile email is not the one trusted: the emails API's verified primary one is.
    profile: { id: Math.floor(Math.random() * 1e9), login: unique("gh").replace(/\W+/g, "-"), name: person.name },
    emails: [
      { email: `public-${person.email}`, primary: false, verified: true },
      { email: person.email, primary: true, verified: primaryVerified },
    ],
  };
}

/** Google's next ID token is this person, a new Google account, with `email_verified` as given. */
function googleSignsIn(person: Person, emailVerified = true) {
  google = {
    sub: unique("google").replace(/\W+/g, "-"),
    email: person.email,
    email_verified: emailVerified,
    name: person.name,
  };
}

async function clickSignInWith(page: Page, provider: "GitHub" | "Google") {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: `Sign in with ${provider}` }).click();
}

const methods = (page: Page) => page.getByRole("region", { name: "Sign-in methods" });

/** Back from the provider on the home page, signed in as `person`, whose settings show their email. */
async function expectSignedIn(page: Page, person: Person) {
  await page.waitForURL((current) => current.pathname === "/");
  await expect(signedInAs(page)).toHaveAccessibleName(`Signed in as ${person.name}`);
  await page.goto("/settings");
  await expect(page.getByText(`Signed in as ${person.email}`)).toBeVisible();
}

/** Back from the provider on the sign-in page, told the email was not verified, and no one signed in. */
async function expectRefusedAsUnverified(page: Page) {
  await page.waitForURL(/\/sign-in\?error=provider-email-unverified/);
  await expect(page.getByText("did not confirm this email address as verified")).toBeVisible();
  await expect(signedInAs(page)).toHaveCount(0);
}

for (const provider of ["GitHub", "Google"] as const) {
  test(`${provider}: a new person with a verified email becomes a user, and is the same user next time`, async ({
    page,
  }) => {
    const person = newPerson(provider);
    if (provider === "GitHub") githubSignsIn(person);
    else googleSignsIn(person);
    await clickSignInWith(page, provider);
    await expectSignedIn(page, person);
    await expect(methods(page)).toContainText(`${provider}: connected`);

    await signOut(page);
    await clickSignInWith(page, provider);
    await expectSignedIn(page, person);
  });
}

test("GitHub: a primary email GitHub has not verified signs no one in, whatever else the account has", async ({
  page,
}) => {
  const person = newPerson("Unverified gh");
  githubSignsIn(person, false);
  await clickSignInWith(page, "GitHub");
  // Only a verified primary address counts (packages/auth/src/oauth.ts), and the person is told why.
  await expectRefusedAsUnverified(page);
});

test("Google: an ID token whose email_verified is false signs no one in", async ({ page }) => {
  const person = newPerson("Unverified google");
  googleSignsIn(person, false);
  await clickSignInWith(page, "Google");
  await expectRefusedAsUnverified(page);
});

test("a server started with the stand-in says so loudly in its log", async ({ providerApp }) => {
  expect(providerApp.output()).toContain("AUTH_PROVIDER_TEST_ORIGIN is set: GitHub and Google sign-in go to");
});
