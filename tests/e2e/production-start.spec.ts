import { spawn } from "node:child_process";
import { join } from "node:path";

import { type APIRequestContext, expect, test } from "@playwright/test";

import { openDatabase } from "@trellis/db";
import { type AppServer, startAppServer } from "./app-server";
import { admin, demo } from "./support";

/**
 * A real production start (ADR 028): without SEED_DEMO_DATA a new database
 * gets no users — the demo accounts' passwords are public — and the first
 * admin is made with `pnpm admin:create`. (Every other spec's app opts in to
 * the demo data; this one starts its own app without it.)
 */

// One app for the file, in order: the first admin is made after the empty start is checked.
test.describe.configure({ mode: "serial" });

let app: AppServer;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  app = await startAppServer("production-start", undefined, { SEED_DEMO_DATA: "false" });
});
test.afterAll(async () => app?.stop());

/** `pnpm admin:create`, as an operator pipes the password into it. */
function createAdmin(args: string[], password: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/create-admin.ts", ...args], {
    cwd: join(import.meta.dirname, "..", "..", "packages", "auth"),
    env: { ...process.env, DATABASE_URL: app.shared.databaseUrl },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  child.stdin.end(`${password}\n`);
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, output })));
}

/** Signs in through Auth.js's credentials endpoint; true when it let the caller in. */
async function signsIn(request: APIRequestContext, who: { email: string; password: string }) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email: who.email, password: who.password, csrfToken, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  return !(response.headers().location ?? "").includes("error");
}

test("a new production database has no posts", async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: app.baseURL });
  const feed = await request.get("/api/v1/posts?limit=50");
  expect(feed.status()).toBe(200);
  expect((await feed.json()).items).toEqual([]);
  await request.dispose();
});

test("a new production database has no users, and no demo accounts to sign in with", async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: app.baseURL });

  expect(await signsIn(request, admin)).toBe(false);
  expect(await signsIn(request, demo)).toBe(false);
  expect(await (await request.get("/api/v1/me")).json()).toBeNull();

  const database = await openDatabase(app.shared.databaseUrl);
  try {
    expect((await database.data.users.list({ limit: 10 })).items).toEqual([]);
  } finally {
    await database.close();
  }

  // The log tells the operator what to do next, and says nothing of demo data.
  const messages = app
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => String((JSON.parse(line) as { msg?: unknown }).msg));
  expect(messages).toContainEqual(expect.stringContaining("make the first admin with `pnpm admin:create"));
  expect(messages.filter((msg) => /seed|demo/i.test(msg))).toEqual([]);
  expect(app.output()).not.toMatch(/SEED_DEMO_DATA|demo data|seeded/i);
  await request.dispose();
});

test("pnpm admin:create makes the first admin, who signs in", async ({ playwright }) => {
  const owner = { email: "owner@example.com", password: "the owner's own long password" };
  const created = await createAdmin(["--email", owner.email, "--name", "The Owner"], owner.password);
  expect(created).toEqual({ code: 0, output: expect.stringMatching(/^Created the admin owner@example\.com in /) });

  const request = await playwright.request.newContext({ baseURL: app.baseURL });
  expect(await signsIn(request, owner)).toBe(true);
  expect(await (await request.get("/api/v1/me")).json()).toMatchObject({ name: "The Owner", role: "admin" });
  await request.dispose();
});
