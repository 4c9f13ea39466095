import { rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type GeneratedRouter, generateRouter } from "./generate-router";
import { errorLines, parseDiagnostics, root, runTsc, type TscRun } from "./tsc";

/**
 * Issue 9's budget for type-check speed, independent of the machine: a router
 * of 500 procedures still gives its client the exact types, and checking it
 * takes no more generic instantiations than this. Measured: 656,727
 * (TypeScript 5.9.3, @trpc/server 11.22.1, zod 4.6.7); the budget leaves ~20 %
 * for upgrades. A change of setup that makes every procedure cost more (a
 * heavier middleware, a deeper context type) shows up here first.
 */
const INSTANTIATION_BUDGET = 800_000;

const outDir = join(root, "bench", "types", "generated", `test-${process.pid}`);
let generated: GeneratedRouter;
let correct: TscRun;
let wrong: TscRun;

beforeAll(async () => {
  generated = generateRouter(outDir);
  // Two cold checks of the whole router, side by side: one per core.
  [correct, wrong] = await Promise.all([
    runTsc(["-p", generated.tsconfig, "--extendedDiagnostics"]),
    runTsc(["-p", generated.wrongTsconfig]),
  ]);
}, 300_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("a generated router of 500 procedures", () => {
  it("has 500 procedures, half queries and half mutations, that answer", async () => {
    expect(generated.procedures).toBe(500);
    expect(generated.queries).toBe(250);
    const { appRouter, createCaller } = (await import(pathToFileURL(join(outDir, "root.ts")).href)) as {
      appRouter: { _def: { procedures: Record<string, unknown> } };
      createCaller: (ctx: object) => {
        domain4: { d4i9: { byId: (input: { id: string }) => Promise<{ id: string }> } };
      };
    };
    expect(Object.keys(appRouter._def.procedures)).toHaveLength(500);
    const caller = createCaller({ viewer: null, requestId: "test" });
    await expect(caller.domain4.d4i9.byId({ id: "last" })).resolves.toMatchObject({ id: "last" });
  });

  it("gives the client exactly the input and output types each procedure declares", () => {
    expect(errorLines(correct.output)).toEqual([]);
    expect(correct.status).toBe(0);
  });

  it(`type-checks within ${INSTANTIATION_BUDGET.toLocaleString("en")} instantiations`, () => {
    const { instantiations } = parseDiagnostics(correct.output);
    expect(instantiations).toBeGreaterThan(0);
    expect(instantiations).toBeLessThanOrEqual(INSTANTIATION_BUDGET);
  });

  it("fails a consumer with a wrong input, a wrong output type or a missing procedure", () => {
    expect(wrong.status).not.toBe(0);
    const errors = errorLines(wrong.output);
    for (const { line, code, message } of generated.expectedErrors) {
      expect(errors).toContainEqual(
        expect.stringMatching(new RegExp(`wrong-consumer\\.ts\\(${line},\\d+\\): error ${code}: `)),
      );
      expect(errors.find((error) => error.includes(`wrong-consumer.ts(${line},`))).toContain(message);
    }
    // Nothing else failed: the router itself is sound.
    expect(errors).toHaveLength(generated.expectedErrors.length);
  });
});
