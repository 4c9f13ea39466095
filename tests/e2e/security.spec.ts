import type { APIResponse, Page } from "@playwright/test";

import { transformer } from "@trellis/api/transformer";
import { callMutation, expect, test } from "./fixtures";
import { signedInAs, trpcInput, trpcOutcome, unique } from "./support";

/**
 * Security headers, the CSP nonce, the cross-site write check, and XSS
 * payloads rendered as text (docs/security.md, docs/decisions/020).
 */

const EVIL = "https://evil.example";

/** The CSP's script nonce, as Next itself extracts it. */
function nonceOf(response: APIResponse | { headers(): Record<string, string> }): string {
  const policy = response.headers()["content-security-policy"] ?? "";
  const scriptSrc = policy.split(";").find((directive) => directive.trim().startsWith("script-src")) ?? "";
  return scriptSrc.match(/'nonce-([A-Za-z0-9+/_-]+={0,2})'/)?.[1] ?? "";
}

function expectSecurityHeaders(response: APIResponse | { headers(): Record<string, string> }) {
  const headers = response.headers();
  const policy = headers["content-security-policy"] ?? "";
  expect(policy, "a CSP").toContain("default-src 'self'");
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'none'");
  expect(policy).not.toContain("unsafe-eval");
  expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["permissions-policy"]).toContain("camera=()");
}

/** CSP violations and uncaught errors the page reports, collected for a final "none". */
function watchForViolations(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

test("pages, lean tRPC responses, REST responses and static files carry the security headers", async ({
  page,
  request,
}) => {
  const response = await page.goto("/");
  expect(response).not.toBeNull();
  if (response) expectSecurityHeaders(response);

  // A query: the production server's lean path answers it, without Next.
  const trpc = await request.get("/api/trpc/account.me");
  expect(trpc.status()).toBe(200);
  expectSecurityHeaders(trpc);

  const rest = await request.get("/api/v1/me");
  expect(rest.status()).toBe(200);
  expectSecurityHeaders(rest);

  const notFound = await request.get("/api/v1/no-such-route");
  expect(notFound.status()).toBe(404);
  expectSecurityHeaders(notFound);

  const script = await page.evaluate(() => document.querySelector<HTMLScriptElement>("script[src]")?.src ?? "");
  expect(script).toContain("/_next/static/");
  expectSecurityHeaders(await request.get(script));
});

test("the nonce is new on every page load and is the one on every script of the page", async ({ request }) => {
  const nonces = [];
  for (let load = 0; load < 2; load++) {
    const response = await request.get("/");
    const nonce = nonceOf(response);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, "the page has scripts").toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, "each script carries the nonce").toContain(`nonce="${nonce}"`);
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
});

test("a post whose title and body are XSS payloads renders as text and runs nothing; the page still works", async ({
  page,
  api,
}) => {
  const problems = watchForViolations(page);
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });

  const title = `<script>alert("title")</script><img src=x onerror=alert("img")> ${unique("XSS")}`;
  const body = [
    `"><svg onload=alert("svg")>`,
    `<a href="javascript:alert('link')">click me</a>`,
    `<script>alert("body")</script>`,
    `<img src=x onerror=alert("body-img")>`,
  ].join("\n");
  const post = await api.post.create.mutate({ title, body });

  await page.goto("/");
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  const card = page.getByRole("article").filter({ hasText: title });
  await expect(card.getByRole("link", { name: title })).toBeVisible();
  await expect(card).toContainText(`"><svg onload=alert("svg")>`);
  await page.evaluate(() => Object.assign(window, { trellisSecurityMark: true }));

  // Client-side navigation: the page's own scripts run under the CSP.
  await card.getByRole("link", { name: title }).click();
  await page.waitForURL(`/posts/${post.id}`);
  expect(await page.evaluate(() => "trellisSecurityMark" in window), "no full page load").toBe(true);
  const article = page.getByRole("article");
  await expect(article.getByRole("heading", { name: title })).toBeVisible();
  for (const line of body.split("\n")) await expect(article).toContainText(line);
  // Text, not markup: none of the payloads became an element.
  await expect(
    page.locator("main script, main svg[onload], main img[src='x'], main a[href^='javascript:']"),
  ).toHaveCount(0);

  // A like: a same-origin tRPC mutation from the browser, with its Origin header, still goes through.
  // The button turns pressed optimistically; reload only once the server has answered, or the reload may race the write.
  const like = article.getByRole("button", { name: /^Like,/ });
  const answered = page.waitForResponse((response) => response.url().includes("like.add"));
  await like.click();
  expect((await answered).status(), "the like is accepted").toBe(200);
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(like).toContainText("1");
  await page.reload();
  await expect(page.getByRole("article").getByRole("button", { name: /^Like,/, pressed: true })).toContainText("1");

  expect(dialogs, "no payload ran").toEqual([]);
  expect(problems, "no CSP violation, no uncaught error").toEqual([]);
});

test("a display name that is an XSS payload renders as text and runs nothing", async ({ page, api }) => {
  const problems = watchForViolations(page);
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });

  // The account's own name, shown on every page it signs in to: the one text a user writes that stays.
  const name = `<img src=x onerror=alert("name")> ${unique("XSS")}`;
  await api.account.updateProfile.mutate({ name });
  await page.goto("/settings");
  await expect(signedInAs(page)).toContainText(name);
  // Text, not markup: the payload became no element.
  await expect(page.locator("img[src='x']")).toHaveCount(0);

  expect(dialogs, "no payload ran").toEqual([]);
  expect(problems, "no CSP violation, no uncaught error").toEqual([]);
});

test("were markup ever injected, the CSP would still refuse to run its inline handlers", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  await page.goto("/");
  // Markup written straight into the DOM, as a sanitiser bug would let through.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML("beforeend", `<img id="injected" src="data:," onerror="window.trellisXss = 1">`);
    document.body.insertAdjacentHTML("beforeend", `<img id="injected-2" src="x" onerror="window.trellisXss = 2">`);
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => "trellisXss" in window)).toBe(false);
});

test("cross-site writes are refused with 403 and change nothing; same-origin ones go through", async ({
  page,
  user,
  api,
}) => {
  // `page.request` carries the signed-in user's session cookie, as a browser would on a forged request.
  // The write is a rename: one any signed-in account may make, and one `account.me` shows at once.
  const forgedName = unique("Forged");
  const foreign = { origin: EVIL };

  const rename = { name: forgedName };
  const forged = trpcInput(rename);
  const trpc = await page.request.post("/api/trpc/account.updateProfile", {
    ...forged,
    headers: { ...forged.headers, ...foreign },
  });
  expect(trpc.status()).toBe(403);
  expect((await trpcOutcome(trpc)).error).toMatchObject({
    data: { code: "FORBIDDEN", httpStatus: 403, path: "account.updateProfile" },
  });
  expectSecurityHeaders(trpc);

  const batch = await page.request.post("/api/trpc/account.updateProfile,apiToken.revoke?batch=1", {
    data: JSON.stringify({ 0: transformer.input.serialize(rename), 1: transformer.input.serialize({ id: "x" }) }),
    headers: { "content-type": "application/json", ...foreign },
  });
  expect(batch.status()).toBe(403);
  const calls = (await batch.json()) as { error: unknown }[];
  expect(calls.map((call) => transformer.output.deserialize(call.error))).toMatchObject([
    { data: { code: "FORBIDDEN", path: "account.updateProfile" } },
    { data: { code: "FORBIDDEN", path: "apiToken.revoke" } },
  ]);

  // REST is refused before any route is looked up: a write to any /api/v1 path answers a problem document.
  const rest = await page.request.post("/api/v1/me", { data: rename, headers: foreign });
  expect(rest.status()).toBe(403);
  expect(rest.headers()["content-type"]).toBe("application/problem+json");
  expect(await rest.json()).toMatchObject({ status: 403, code: "FORBIDDEN", requestId: expect.any(String) });

  const crossSite = await page.request.post("/api/v1/me", {
    data: rename,
    headers: { "sec-fetch-site": "cross-site" },
  });
  expect(crossSite.status()).toBe(403);

  const signOut = await page.request.post("/api/auth/signout", { form: { csrfToken: "x" }, headers: foreign });
  expect(signOut.status()).toBe(403);
  expect(await signOut.text()).toContain("Cross-site request refused");

  // Nothing was written, and the session still works.
  expect(await api.account.profile.query()).toMatchObject({ name: user.name });

  // Without an Origin (curl, scripts, the typed client), the same cookie-authenticated write goes through.
  const plainName = unique("No Origin");
  expect(await callMutation(page.request, "account.updateProfile", { name: plainName })).toMatchObject({
    name: plainName,
  });

  // And from the app's own page, where the browser sends its Origin: a write with the session cookie.
  await page.goto("/settings");
  const ownName = unique("Same origin");
  const status = await page.evaluate(
    async (body) => {
      const response = await fetch("/api/trpc/account.updateProfile", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      return response.status;
    },
    trpcInput({ name: ownName }).data,
  );
  expect(status).toBe(200);
  expect(await api.account.profile.query()).toMatchObject({ name: ownName });
});

test("a tRPC batch over the cap is refused whole, on the lean path and the stock one alike", async ({ request }) => {
  const calls = Array.from({ length: 200 }, () => "account.me").join(",");
  const input = encodeURIComponent(JSON.stringify({}));
  // The production server's lean path answers a plain batch; a streamed one (jsonl) goes to Next's stock handler.
  const streamed: Record<string, string> = { "trpc-accept": "application/jsonl" };
  for (const headers of [{}, streamed]) {
    const response = await request.get(`/api/trpc/${calls}?batch=1&input=${input}`, { headers });
    expect(response.status()).toBe(400);
    expect(await trpcOutcome(response)).toMatchObject({
      error: { message: "A batch may hold at most 10 calls; this one holds 200" },
    });
  }
  const atTheCap = Array.from({ length: 10 }, () => "account.me").join(",");
  const answered = await request.get(`/api/trpc/${atTheCap}?batch=1&input=${input}`);
  expect(answered.status()).toBe(200);
});

test("a tRPC body over 100 kB is a 413, not a reset connection", async ({ page, user }) => {
  expect(user.email).toBeTruthy();
  const response = await page.request.post("/api/trpc/account.updateProfile", trpcInput({ name: "x".repeat(200_000) }));
  expect(response.status()).toBe(413);
  expect(await trpcOutcome(response)).toMatchObject({ error: { data: { code: "PAYLOAD_TOO_LARGE" } } });
});

test("answers to a signed-in browser are private, no-store; a 401 challenges", async ({ page, user, request }) => {
  const me = await page.request.get("/api/trpc/account.me");
  expect(await trpcOutcome(me)).toMatchObject({ data: { name: user.name, via: "session" } });
  expect(me.headers()["cache-control"]).toBe("private, no-store");
  expect((await page.request.get("/api/v1/me")).headers()["cache-control"]).toBe("private, no-store");

  const anonymous = await request.get("/api/trpc/account.profile");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["www-authenticate"]).toBe('Bearer realm="trellis"');
});
