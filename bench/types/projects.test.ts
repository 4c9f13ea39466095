import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import {
  librariesReadFromSource,
  projectName,
  readProject,
  referencedProjects,
  typecheckProjects,
  workspaceTsconfigs,
} from "./projects";
import { root } from "./tsc";

/**
 * `pnpm typecheck` is fast because each workspace library is checked once and
 * read as declarations by the projects that import it (tsconfig.library.json).
 * A project that imports a library without referencing it still compiles, but
 * from the library's source, again: tests/e2e/jobs.spec.ts importing
 * packages/jobs unreferenced cost the root project 325,000 more
 * instantiations. These checks find that without running tsc.
 */
const leaves = typecheckProjects();
const built = [
  ...new Set([
    ...leaves.map((leaf) => readProject(leaf).path),
    ...leaves.flatMap((leaf) => [...referencedProjects(leaf)]),
  ]),
];

describe("the projects pnpm typecheck builds", () => {
  it("include every workspace package", () => {
    const missing = workspaceTsconfigs().filter((path) => !built.includes(path));
    expect(missing.map(projectName)).toEqual([]);
  });

  it.each(built.map((path) => [projectName(path), path]))(
    "%s reads every library it imports as declarations",
    (_, path) => {
      expect(librariesReadFromSource(path)).toEqual([]);
    },
  );

  describe("a project that imports a library it does not reference", () => {
    const dir = join(root, "bench", "types", "generated", `unreferenced-${process.pid}`);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("is found, with the file that imports it", () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "main.ts"), 'export { idSchema } from "../../../../packages/validators/src/index";\n');
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({ extends: "../../../../tsconfig.base.json", files: ["main.ts"] }),
      );
      expect(librariesReadFromSource(join(dir, "tsconfig.json"))).toEqual([
        { library: "packages/validators", importedBy: `bench/types/generated/unreferenced-${process.pid}/main.ts` },
      ]);
    });
  });
});
