import { expect, test } from "./fixtures";

test("/favicon.ico is an icon, and every page links one", async ({ page, request }) => {
  const response = await request.get("/favicon.ico");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)$/);
  const bytes = await response.body();
  // ICONDIR: reserved 0, type 1 (icon), then how many images.
  expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  expect(bytes.readUInt16LE(4)).toBeGreaterThan(0);

  const notFound: string[] = [];
  page.on("response", (answer) => {
    if (answer.status() === 404) notFound.push(answer.url());
  });
  await page.goto("/");
  await expect(page.locator('head link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
  expect(notFound).toEqual([]);
});
