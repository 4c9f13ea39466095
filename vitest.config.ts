import { defineConfig } from "vitest/config";

/** Unit and integration tests of every package; e2e specs belong to Playwright. */
export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts"],
    environment: "node",
  },
});
