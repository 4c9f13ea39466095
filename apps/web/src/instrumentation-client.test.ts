import { afterEach, expect, it, vi } from "vitest";

afterEach(() => vi.restoreAllMocks());

it("turns zod's eval probe off before zod loads, without importing zod", async () => {
  await import("./instrumentation-client");
  const evaluate = vi.spyOn(globalThis, "Function");
  const { z } = await import("zod");

  expect(z.config().jitless).toBe(true);
  const schema = z.object({ title: z.string().min(1), body: z.string() });
  expect(schema.safeParse({ title: "A title", body: "A body" }).success).toBe(true);
  expect(schema.safeParse({ title: "", body: "A body" }).success).toBe(false);
  // No `new Function`: under the CSP that call is a violation, even when zod catches the refusal.
  expect(evaluate).not.toHaveBeenCalled();
});
