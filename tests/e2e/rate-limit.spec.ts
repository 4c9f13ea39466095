import { type AppServer, startAppServer } from "./app-server";
import { callMutation, expect, test } from "./fixtures";
import { newPerson, unique } from "./support";

/**
 * Sign-in rate limits on the production server, on an app of their own: the
 * failures here count against 127.0.0.1, which every other spec signs in
 * from. In order: the form's lockout first, then the address's budget is
 * spent on purpose.
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

let app: AppServer;
test.beforeAll(async () => {
  app = await startAppServer("rate-limit");
});
test.afterAll(async () => {
  await app.stop();
});

test("after five wrong passwords the sign-in form says to wait — even for the right one", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: app.baseURL });
  const page = await context.newPage();
  const person = newPerson("Locked out");
  await callMutation(page.request, "account.signUp", person);

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(person.email);
  const alert = page.getByRole("main").getByRole("alert");
  const submit = async (password: string) => {
    await page.getByLabel("Password").fill(password);
    const answer = page.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials"));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    return answer;
  };

  for (let attempt = 1; attempt <= 5; attempt++) {
    expect((await submit(`wrong password ${attempt}`)).status()).toBe(200);
    await expect(alert).toHaveText("That email and password do not match an account.");
  }

  const refused = await submit(person.password);
  expect(refused.status()).toBe(429);
  const retryAfter = Number(refused.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(14 * 60);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  await expect(alert).toHaveText("Too many failed sign-ins. Try again in 15 minutes.");
  await expect(page).toHaveURL(/\/sign-in$/);
  await context.close();
});

test("guesses sent under made-up addresses still count against the real one", async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: app.baseURL });
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const tag = unique("spoof").replace(/\W+/g, "-");

  // Each guess names another account and claims another address; without TRUSTED_PROXY_HOPS the server
  // ignores those headers, so all of them are one address's failures, and that address runs out (20 at most).
  let refusedAt = 0;
  for (let guess = 1; guess <= 20 && refusedAt === 0; guess++) {
    const response = await request.post("/api/auth/callback/credentials", {
      form: { email: `${tag}-${guess}@example.com`, password: "a guess", csrfToken, callbackUrl: "/" },
      headers: { "x-forwarded-for": `203.0.113.${guess}`, "x-trellis-client-ip": `198.51.100.${guess}` },
      maxRedirects: 0,
    });
    if (response.status() === 429) {
      refusedAt = guess;
      expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
    } else {
      expect(response.headers().location ?? "").toContain("error=CredentialsSignin");
    }
  }
  expect(refusedAt, "a guess was refused with 429").toBeGreaterThan(0);
  await request.dispose();
});
