import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { REPO_ROOT } from "../../scripts/production-build.mjs";
import { stepsOf } from "./adding-a-resource";

/**
 * The quick half of tests/scenarios/adding-a-resource.ts, on every `pnpm test`:
 * each step of docs/adding-a-resource.md still finds its place in today's code.
 * The scenario (in CI) applies the steps and proves they compile and pass.
 */
const steps = stepsOf(readFileSync(join(REPO_ROOT, "docs/adding-a-resource.md"), "utf8"));

describe("docs/adding-a-resource.md", () => {
  it("reads its code blocks: new files, edits at a line, additions at the end", () => {
    expect(steps.filter((step) => !step.anchor && !step.append).length).toBeGreaterThan(5);
    expect(steps.filter((step) => step.anchor).length).toBeGreaterThan(10);
    expect(steps.filter((step) => step.append).length).toBe(2);
  });

  it.each(steps.map((step) => [`${step.file} (page line ${step.pageLine})`, step] as const))("%s", (_, step) => {
    const path = join(REPO_ROOT, step.file);
    if (!step.anchor && !step.append) {
      expect(existsSync(path), "the page creates this file: it must not exist yet").toBe(false);
      return;
    }
    expect(existsSync(path), "the page edits this file").toBe(true);
    if (step.anchor) {
      const lines = readFileSync(path, "utf8").split("\n");
      expect(
        lines.filter((line) => line === step.anchor?.line),
        "the anchor line, exactly once",
      ).toHaveLength(1);
    }
  });
});
