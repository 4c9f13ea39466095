import type { Page } from "@playwright/test";

import { createToken, expect, test } from "./fixtures";
import { signedInAs, unique } from "./support";

/**
 * The account menu and the confirm dialog (ADR 041): how they behave with the keyboard and the pointer,
 * and that every action that cannot be undone asks first, changes nothing on Cancel, and does it on confirm.
 */

const confirmDialog = (page: Page) => page.getByRole("alertdialog");

test("the account menu opens with the keyboard and a click, and closes on Escape and a click outside", async ({
  page,
  user,
}) => {
  await page.goto("/");
  const trigger = signedInAs(page);
  // The menu works once the page has hydrated: React has then put the trigger's props on its element.
  await expect
    .poll(() => trigger.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$"))))
    .toBe(true);
  await expect(trigger).toContainText(user.name);
  const menu = page.getByRole("menu");

  // Keyboard: Enter opens it with focus on the first item, the arrows move, Escape gives focus back.
  await trigger.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: "Settings" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(trigger).toBeFocused();
  await expect(trigger).toHaveAttribute("aria-expanded", "false");

  // Pointer: a click opens it, a click anywhere outside closes it.
  // (While the menu is open the rest of the page is hidden from assistive tech, the trigger included.)
  await trigger.click();
  await expect(menu).toBeVisible();
  // Bottom left of the window, far from the menu (top right).
  await page.mouse.click(10, (page.viewportSize()?.height ?? 600) - 10);
  await expect(menu).toBeHidden();

  // A choice follows its link.
  await trigger.click();
  await menu.getByRole("menuitem", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(menu).toBeHidden();
});

test("deleting a post asks first: Cancel keeps it, confirming deletes it", async ({ page, api }) => {
  const title = unique("Doomed post");
  const post = await api.post.create.mutate({ title, body: "Asked about before it goes." });
  await page.goto(`/posts/${post.id}`);
  const deleteButton = page.getByRole("button", { name: "Delete post" });

  await deleteButton.click();
  await expect(confirmDialog(page)).toContainText("Delete this post?");
  // Focus starts on the safe choice.
  await expect(confirmDialog(page).getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirmDialog(page).getByRole("button", { name: "Cancel" }).click();
  await expect(confirmDialog(page)).toBeHidden();
  await expect(deleteButton).toBeFocused();
  expect((await page.request.get(`/posts/${post.id}`)).status()).toBe(200);

  await deleteButton.click();
  await confirmDialog(page).getByRole("button", { name: "Delete permanently" }).click();
  await page.waitForURL("/");
  expect((await page.request.get(`/posts/${post.id}`)).status()).toBe(404);
});

test("deleting a comment asks first: Cancel keeps it, confirming deletes it and focus goes to the thread", async ({
  page,
  api,
}) => {
  const post = await api.post.create.mutate({ title: unique("Commented"), body: "A post with a comment." });
  const body = unique("A comment to delete");
  await api.comment.create.mutate({ postId: post.id, body });
  await page.goto(`/posts/${post.id}`);
  const comments = page.getByRole("region", { name: "Comments" }).getByRole("listitem");
  await expect(comments).toHaveCount(1);
  const deleteButton = comments.first().getByRole("button", { name: "Delete comment" });

  await deleteButton.click();
  await expect(confirmDialog(page)).toContainText("Delete this comment?");
  await page.keyboard.press("Escape");
  await expect(confirmDialog(page)).toBeHidden();
  await expect(deleteButton).toBeFocused();
  await confirmDialog(page).waitFor({ state: "detached" });
  await page.reload();
  await expect(comments.first()).toContainText(body);

  await deleteButton.click();
  await confirmDialog(page).getByRole("button", { name: "Delete comment" }).click();
  await expect(confirmDialog(page)).toBeHidden();
  await expect(comments).toHaveCount(0);
  // Its button went with it: focus goes to the thread's heading, not to the page's body.
  await expect(page.getByRole("heading", { name: "Comments" })).toBeFocused();
  expect((await api.comment.list.query({ postId: post.id })).items).toEqual([]);
});

test("revoking an API token asks first: Cancel keeps it working, confirming revokes it", async ({ page, user }) => {
  expect(user.email).toBeTruthy();
  const name = unique("Revocable");
  const { secret } = await createToken(page.request, "read", name);
  const asToken = { headers: { authorization: `Bearer ${secret}` } };
  await page.goto("/settings");
  const listed = page.getByRole("list", { name: "Your API tokens" }).getByRole("listitem").filter({ hasText: name });
  const revoke = listed.getByRole("button", { name: `Revoke ${name}` });

  await revoke.click();
  await expect(confirmDialog(page)).toContainText(`Revoke “${name}”?`);
  await confirmDialog(page).getByRole("button", { name: "Cancel" }).click();
  await expect(revoke).toBeFocused();
  await expect(listed).toHaveCount(1);
  expect((await page.request.get("/api/trpc/account.me", asToken)).status()).toBe(200);

  await revoke.click();
  await confirmDialog(page).getByRole("button", { name: "Revoke token" }).click();
  await expect(listed).toHaveCount(0);
  // The row and its trigger are gone; focus lands on the section, not on <body>.
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeFocused();
  expect((await page.request.get("/api/trpc/account.me", asToken)).status()).toBe(401);
});

test("changing a role asks first, changes nothing on Cancel, and says so when done", async ({ adminPage, user }) => {
  await adminPage.goto("/admin");
  await adminPage.getByLabel("Search users").fill(user.email);
  const role = adminPage.getByLabel(`Role of ${user.name}`);
  const change = adminPage.getByRole("button", { name: `Change role for ${user.name}` });
  await expect(role).toHaveValue("user");
  await expect(change).toBeDisabled();

  // Picking a role only selects it (arrow keys on a closed select fire change): the button asks.
  await role.selectOption("admin");
  await expect(confirmDialog(adminPage)).toBeHidden();
  await change.click();
  await expect(confirmDialog(adminPage)).toContainText(`Make ${user.name} an admin?`);
  await confirmDialog(adminPage).getByRole("button", { name: "Cancel" }).click();
  await expect(confirmDialog(adminPage)).toBeHidden();
  await expect(role).toHaveValue("user");
  await expect(role).toBeFocused();
  await expect(change).toBeDisabled();

  await role.selectOption("admin");
  await change.click();
  await confirmDialog(adminPage).getByRole("button", { name: "Make admin" }).click();
  await expect(confirmDialog(adminPage)).toBeHidden();
  await expect(role).toHaveValue("admin");
  await expect(change).toBeDisabled();
  // Announced politely, and visible.
  await expect(adminPage.getByRole("status").filter({ hasText: `${user.name} is now an admin.` })).toBeVisible();

  await adminPage.reload();
  await adminPage.getByLabel("Search users").fill(user.email);
  await expect(adminPage.getByLabel(`Role of ${user.name}`)).toHaveValue("admin");
});

test("signing out everywhere asks first: Cancel keeps the session, confirming ends it", async ({ page, user }) => {
  await page.goto("/settings");
  const button = page.getByRole("button", { name: "Sign out everywhere" });

  await button.click();
  await expect(confirmDialog(page)).toContainText("Sign out everywhere?");
  await confirmDialog(page).getByRole("button", { name: "Cancel" }).click();
  await expect(button).toBeFocused();
  await page.reload();
  await expect(signedInAs(page)).toContainText(user.name);

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await confirmDialog(page).getByRole("button", { name: "Sign out everywhere" }).click();
  await page.waitForURL(/\/sign-in/);
  expect(await (await page.request.get("/api/v1/me")).json()).toBeNull();
});

test("the Copy button puts a new token's secret on the clipboard and says so", async ({ page, user, baseURL }) => {
  expect(user.email).toBeTruthy();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.goto("/settings");
  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Token name").fill("Clipboard one");
  await tokens.getByRole("button", { name: "Create token" }).click();
  const secret = (await tokens.getByTestId("new-token").textContent()) ?? "";
  expect(secret).toMatch(/^trl_/);

  await tokens.getByRole("button", { name: "Copy token" }).click();
  await expect(tokens.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
  await expect(tokens.getByRole("status")).toContainText("Copied to the clipboard.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
});

test("when the clipboard is refused, the Copy button says to copy the token by hand", async ({ page, user }) => {
  expect(user.email).toBeTruthy();
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () =>
      Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));
  });
  await page.goto("/settings");
  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Token name").fill("Refused one");
  await tokens.getByRole("button", { name: "Create token" }).click();
  await expect(tokens.getByTestId("new-token")).toBeVisible();

  await tokens.getByRole("button", { name: "Copy token" }).click();
  await expect(tokens.getByRole("status")).toContainText("Couldn’t copy: select the token and copy it by hand.");
  await expect(tokens.getByRole("button", { name: "Copy token" })).toBeVisible();
});
