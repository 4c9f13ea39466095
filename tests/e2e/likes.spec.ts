import { callMutation, expect, test } from "./fixtures";
import { unique } from "./support";

test("liking what was liked meanwhile elsewhere is no error: the page takes the server's state", async ({
  page,
  api,
  adminPage,
}) => {
  const post = await api.post.create.mutate({ title: unique("Liked elsewhere"), body: "…" });
  await page.goto(`/posts/${post.id}`);
  const article = page.getByRole("article");
  const like = article.getByRole("button", { name: /^Like,/ });
  await expect(like).toContainText("0");
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();

  // Meanwhile, someone else likes it, and so does this user in another tab. The count arrives live,
  // but not that this viewer likes it (the event is the same for everyone): the button is still not pressed.
  await callMutation(adminPage.request, "like.add", { postId: post.id });
  await api.like.add.mutate({ postId: post.id });
  await expect(like).toContainText("2");
  await expect(like).toHaveAttribute("aria-pressed", "false");

  const answered = page.waitForResponse((response) => response.url().includes("like.add"));
  await like.click();
  await answered;
  // The server said CONFLICT: no alert, and the refetch shows both likes (the optimistic count was 3), one the viewer's.
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(like).toContainText("2");
  await expect(article.getByRole("alert")).toHaveCount(0);
});
