import { expect, test } from "./fixtures";
import { demo, newPerson } from "./support";

/**
 * The callbackUrl of /sign-in and /sign-up, as a browser follows it: only to a
 * page of this site (apps/web/src/lib/callback-url.ts, Auth.js's redirect
 * callback in packages/auth/src/same-origin.ts).
 */

// A tab inside "//": browsers drop it and read "//evil.example", another site.
const OFF_SITE = "/%09/evil.example/x";

test("sign-in with an off-site callbackUrl lands on this site", async ({ page, baseURL }) => {
  await page.goto(`/sign-in?callbackUrl=${OFF_SITE}`);
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill(demo.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  expect(new URL(page.url()).origin).toBe(baseURL);
  expect(new URL(page.url()).pathname).toBe("/");
});

test("sign-up with an off-site callbackUrl lands on this site", async ({ page, baseURL }) => {
  const person = newPerson("Redirect");
  await page.goto(`/sign-up?callbackUrl=${OFF_SITE}`);
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"));
  expect(new URL(page.url()).origin).toBe(baseURL);
  expect(new URL(page.url()).pathname).toBe("/");
});

test("signed in, /sign-in redirects to the callbackUrl: a path of this site, never a broken header", async ({
  page,
  user,
  baseURL,
}) => {
  expect(user.email).toBeTruthy();
  const cases: [string, string][] = [
    [OFF_SITE, "/"],
    ["/%5C%5Cevil.example", "/"],
    ["https%3A%2F%2Fevil.example", "/"],
    ["javascript:alert(1)", "/"],
    // A newline used to reach the Location header: Node refused it and the page answered 500.
    ["/%0Asettings", "/settings"],
    ["/%0D%0Aevil", "/evil"],
    ["/settings%3Ftab%3Dpassword", "/settings?tab=password"],
  ];
  for (const [callbackUrl, expected] of cases) {
    const response = await page.request.get(`/sign-in?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
    expect(response.status(), callbackUrl).toBe(307);
    const location = new URL(response.headers().location ?? "", baseURL);
    expect(location.origin, callbackUrl).toBe(baseURL);
    expect(`${location.pathname}${location.search}`, callbackUrl).toBe(expected);
  }
});

test("Auth.js follows a posted callbackUrl only on this site, and a newline in it is no error", async ({
  request,
  baseURL,
}) => {
  const cases: [string, string][] = [
    ["/\t/evil.example/x", "/"],
    ["https://evil.example/", "/"],
    ["/\nsettings", "/settings"],
  ];
  for (const [callbackUrl, expected] of cases) {
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await request.post("/api/auth/callback/credentials", {
      form: { email: demo.email, password: demo.password, csrfToken, callbackUrl },
      maxRedirects: 0,
    });
    expect(response.status(), JSON.stringify(callbackUrl)).toBe(302);
    const location = new URL(response.headers().location ?? "", baseURL);
    // Auth.js names this server by Next's idea of its URL, "localhost" for a loopback address.
    const own = new URL(baseURL ?? "");
    expect([own.origin, `${own.protocol}//localhost:${own.port}`]).toContain(location.origin);
    expect(`${location.pathname}${location.search}`, JSON.stringify(callbackUrl)).toBe(expected);
  }
});
