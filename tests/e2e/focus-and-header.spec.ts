import { expect, test } from "./fixtures";
import { unique } from "./support";

/** Where focus goes when the account forms refuse, and the header every page shares. */

test("sign-up focuses the first invalid field and the field the server refused; sign-in its button", async ({
  page,
}) => {
  await page.goto("/sign-up");
  const create = page.getByRole("button", { name: "Create account" });
  await expect(create).toBeEnabled();
  await create.click();
  await expect(page.getByRole("textbox", { name: "Name" })).toBeFocused();

  // A password the browser's schema accepts and the server's dictionary check refuses (BAD_REQUEST on the field).
  const name = unique("Guessable");
  await page.getByRole("textbox", { name: "Name" }).fill(name);
  await page.getByRole("textbox", { name: "Email" }).fill(`${name.replace(/\W+/g, "-").toLowerCase()}@example.com`);
  const password = page.getByLabel("Password");
  await password.fill("password12");
  await create.click();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toBeFocused();
  await expect(password).toHaveAccessibleDescription(/too common or easy to guess/);

  // Sign-in's refusal is about the whole form, not a field: focus is back on the button, not on <body>.
  await page.goto("/sign-in");
  await page.getByRole("textbox", { name: "Email" }).fill(`${name.replace(/\W+/g, "-").toLowerCase()}@example.com`);
  await page.getByLabel("Password").fill("not the password at all");
  const signIn = page.getByRole("button", { name: "Sign in", exact: true });
  await signIn.click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "That email and password do not match an account.",
  );
  await expect(signIn).toBeFocused();
});

test("the sticky header is opaque, in the light and the dark scheme alike", async ({ page }) => {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/");
    const header = page.getByRole("banner");
    const look = await header.evaluate((element) => {
      const style = getComputedStyle(element);
      return {
        background: style.backgroundColor,
        filter: style.backdropFilter,
        page: getComputedStyle(document.body).backgroundColor,
      };
    });
    // rgb(), not rgba(): no alpha, so nothing shows through; the page's own colour in either scheme.
    expect(look.background, colorScheme).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
    expect(look.background, colorScheme).toBe(look.page);
    expect(look.filter, colorScheme).toBe("none");
  }
});
