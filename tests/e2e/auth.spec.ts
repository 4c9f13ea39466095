import { expect, test } from "./fixtures";
import { admin, demo, newPerson, signedInAs, signIn, signOut, signUp, trpcInput, trpcOutcome, unique } from "./support";

test("sign up, write a post; another user cannot touch it, an admin can delete it", async ({ page }) => {
  const author = newPerson("Author");
  await signUp(page, author);
  await expect(signedInAs(page)).toContainText(author.name);

  const title = unique("Mine alone");
  const compose = page.getByRole("region", { name: "Write a post" });
  await compose.getByLabel("Title").fill(title);
  await compose.getByLabel("Body").fill("Only I, or an admin, may change this.");
  await compose.getByRole("button", { name: "Post" }).click();
  const card = page.getByRole("region", { name: "Latest posts" }).getByRole("listitem").first();
  await card.getByRole("link", { name: title }).click();
  await expect(page.getByRole("button", { name: "Edit post" })).toBeVisible();
  const postUrl = page.url();
  const postId = postUrl.split("/").at(-1) ?? "";

  await signOut(page);
  await signIn(page, demo);
  await page.goto(postUrl);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit post" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete post" })).toHaveCount(0);

  // The API refuses too, whatever the UI shows: same answer as for a post that does not exist.
  const response = await page.request.post(
    "/api/trpc/post.update",
    trpcInput({ id: postId, title: "Taken over", body: "…" }),
  );
  expect(response.status()).toBe(404);
  expect(await trpcOutcome(response)).toMatchObject({ error: { data: { code: "NOT_FOUND" } } });

  await signOut(page);
  await signIn(page, admin);
  await page.goto(postUrl);
  await page.getByRole("button", { name: "Delete post" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete permanently" }).click();
  await page.waitForURL("/");
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
  expect((await page.request.get(postUrl)).status()).toBe(404);
});

test("a forgotten password is reset through the emailed link, once", async ({ page, mailbox }) => {
  const person = newPerson("Forgetful");
  await signUp(page, person);
  await signOut(page);

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // The sign-in form has an Email field too: wait until the new page has replaced it.
  await expect(page.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toContainText("we sent it a link");

  // Sent by the job worker, not the request; the welcome email from signing up is there too.
  const email = await mailbox.latestTo(person.email, "Reset your Trellis password");
  const link = email.text.match(/https?:\/\/\S+\/reset-password\?token=[\w-]+/)?.[0] ?? "";
  expect(link).not.toBe("");

  await page.goto(link);
  await page.getByLabel("New password").fill("a brand new password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.waitForURL("/sign-in?notice=password-changed");
  await expect(page.getByRole("main").getByRole("status")).toHaveText(
    "Your password was changed. Sign in with the new one.",
  );

  // The old password no longer works, the new one does, and the link is spent.
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "That email and password do not match an account.",
  );
  await signIn(page, { email: person.email, password: "a brand new password" });
  await expect(signedInAs(page)).toContainText(person.name);

  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link is invalid or has expired");
  await expect(page.getByLabel("New password")).toHaveCount(0);
});

test("a protected page sends you to sign in and back", async ({ page }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings$/);
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill(demo.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
});

test("signing out kills the session on the server: a copy of its cookie is refused", async ({ page, request }) => {
  const person = newPerson("Careful");
  await signUp(page, person);
  const session = (await page.context().cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"));
  expect(session).toBeDefined();
  const copied = { headers: { cookie: `${session?.name}=${session?.value}` } };
  expect(await (await request.get("/api/v1/me", copied)).json()).toMatchObject({ name: person.name });

  await signOut(page);

  const replayed = await request.get("/api/v1/me", copied);
  expect(replayed.status()).toBe(200);
  expect(await replayed.json()).toBeNull();
});

test("signing out everywhere ends the session in another browser too", async ({ browser, baseURL }) => {
  const person = newPerson("Traveller");
  const laptop = await browser.newPage({ baseURL });
  const phone = await browser.newPage({ baseURL });
  await signUp(laptop, person);
  await signIn(phone, person);

  await laptop.goto("/settings");
  await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
  await laptop.getByRole("alertdialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await laptop.waitForURL(/\/sign-in/);

  await phone.reload();
  await expect(phone.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await laptop.close();
  await phone.close();
});

test("only an admin sees the admin page, and can change a role there", async ({ page }) => {
  const person = newPerson("Promotable");
  await signUp(page, person);
  expect((await page.goto("/admin"))?.status()).toBe(404);
  await signOut(page);

  await signIn(page, admin);
  await page.goto("/admin");
  await page.getByLabel("Search users").fill(person.email);
  const role = page.getByLabel(`Role of ${person.name}`);
  await expect(role).toHaveValue("user");
  await role.selectOption("admin");
  await page.getByRole("button", { name: `Change role for ${person.name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Make admin" }).click();
  // Closed means done: a reload before then could cut the change off.
  await expect(page.getByRole("alertdialog")).toBeHidden();
  await expect(role).toHaveValue("admin");
  await page.reload();
  await page.getByLabel("Search users").fill(person.email);
  await expect(page.getByLabel(`Role of ${person.name}`)).toHaveValue("admin");
});
