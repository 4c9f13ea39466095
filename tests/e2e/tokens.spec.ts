import { expect, test } from "./fixtures";

test("an API token is shown once, listed by its prefix, and stops working when revoked", async ({ page, user }) => {
  expect(user.email).toBeTruthy();
  await page.goto("/settings");
  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Token name").fill("Nightly export");
  await tokens.getByLabel("Scope").selectOption("read");
  await tokens.getByRole("button", { name: "Create token" }).click();

  const shown = tokens.getByTestId("new-token");
  await expect(shown).toHaveText(/^trl_[\w-]{43}$/);
  const secret = (await shown.textContent()) ?? "";
  const listed = tokens.getByRole("list", { name: "Your API tokens" }).getByRole("listitem");
  await expect(listed).toHaveCount(1);
  await expect(listed.first()).toContainText("Nightly export");
  await expect(listed.first()).toContainText(`${secret.slice(0, 10)}…`);

  // It works as a bearer token, for reading.
  const asToken = { headers: { authorization: `Bearer ${secret}` } };
  expect((await page.request.get("/api/trpc/account.me", asToken)).status()).toBe(200);

  // Once dismissed or reloaded, the secret is gone from the page for good.
  await tokens.getByRole("button", { name: "Done" }).click();
  await page.reload();
  await expect(listed.first()).toContainText("Nightly export");
  expect(await page.content()).not.toContain(secret);

  await listed.first().getByRole("button", { name: "Revoke Nightly export" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke token" }).click();
  // The dialog closes once the revoke is done. While it is open the page behind it is hidden from the
  // accessibility tree, so the list would count 0 rows before anything was revoked.
  await expect(page.getByRole("alertdialog")).toBeHidden();
  await expect(listed).toHaveCount(0);
  const refused = await page.request.get("/api/trpc/account.me", asToken);
  expect(refused.status()).toBe(401);
});
