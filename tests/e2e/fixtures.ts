/**
 * What a spec can ask for, beyond Playwright's own `page`:
 *
 * - `app`      this worker's own production server and database (worker-scoped);
 * - `user`     a brand-new account, with `page` already signed in as it;
 * - `adminPage` a second page, signed in as the seeded admin;
 * - `api`      the typed client (@trellis/client) with a read-write token of `user`,
 *              to arrange data fast instead of clicking;
 * - `mailbox`  the emails the app sent, newest first.
 *
 *   import { expect, test } from "./fixtures";
 *   test("…", async ({ page, user, api }) => { await api.account.updateProfile.mutate({ name: "…" }); await page.goto("/settings"); … });
 */
import { type APIRequestContext, test as base, expect, type Page } from "@playwright/test";

import { readMailbox } from "@trellis/auth";
import { createTrellisClient, type TrellisClient } from "@trellis/client";
import { type AppServer, startAppServer } from "./app-server";
import { admin, newPerson, type Person, trpcInput, trpcOutcome } from "./support";

export { expect };

/** Signs a browser context in through Auth.js's own endpoints: the cookie is real, no form is clicked. */
export async function signInViaApi(request: APIRequestContext, who: { email: string; password: string }) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email: who.email, password: who.password, csrfToken, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(response.headers().location ?? "", `signing in ${who.email}`).not.toContain("error");
}

/** Calls one tRPC mutation over HTTP with the context's cookies, returning its result. */
export async function callMutation(request: APIRequestContext, path: string, input: unknown) {
  const response = await request.post(`/api/trpc/${path}`, trpcInput(input));
  const { data, error } = await trpcOutcome(response);
  if (!response.ok()) throw new Error(`${path} answered ${response.status()}: ${JSON.stringify(error)}`);
  return data;
}

/** A new API token of the signed-in user behind `request`: its secret. */
export async function createToken(request: APIRequestContext, scope: "read" | "read-write", name = `e2e ${scope}`) {
  const created = (await callMutation(request, "apiToken.create", { name, scope, expiresInDays: 1 })) as {
    secret: string;
    token: { id: string };
  };
  return { secret: created.secret, id: created.token.id };
}

interface WorkerFixtures {
  app: AppServer;
}

interface TestFixtures {
  user: Person;
  adminPage: Page;
  api: TrellisClient;
  /** The newest email to `email` (with `subject`, if given), waiting up to 10 s for the worker to send it. */
  mailbox: { latestTo(email: string, subject?: string): Promise<{ subject: string; text: string }> };
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  app: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function asks for from this pattern.
    async ({}, use, workerInfo) => {
      const app = await startAppServer(`w${workerInfo.workerIndex}`);
      await use(app);
      await app.stop();
    },
    { scope: "worker", timeout: 90_000 },
  ],

  baseURL: async ({ app }, use) => use(app.baseURL),

  user: async ({ page }, use) => {
    const person = newPerson("User");
    await callMutation(page.request, "account.signUp", person);
    await signInViaApi(page.request, person);
    await use(person);
  },

  adminPage: async ({ browser, app }, use) => {
    const context = await browser.newContext({ baseURL: app.baseURL });
    const page = await context.newPage();
    await signInViaApi(page.request, admin);
    await use(page);
    await context.close();
  },

  api: async ({ page, user, app }, use) => {
    expect(user.email).toBeTruthy();
    const { secret } = await createToken(page.request, "read-write", "e2e fixture");
    await use(createTrellisClient({ url: app.baseURL, token: secret }));
  },

  mailbox: async ({ app }, use) => {
    await use({
      latestTo: async (email, subject) => {
        let found: ReturnType<typeof readMailbox>[number] | undefined;
        const wanted = `an email to ${email}${subject ? ` about "${subject}"` : ""}`;
        await expect(async () => {
          found = readMailbox(app.mailbox).find(
            (message) => message.to.includes(email) && (subject === undefined || message.subject === subject),
          );
          expect(found, wanted).toBeDefined();
        }).toPass({ timeout: 10_000 });
        if (!found) throw new Error(`No ${wanted}`);
        return found;
      },
    });
  },
});
