/**
 * The drift check of `pnpm demo:remove` (./remove-demo.ts): its lists must
 * keep up with the code. Every path it deletes is there; every declaration it
 * edits is found (the edits run in memory, nothing is saved); and no file
 * outside the lists uses the demo, so a new file that depends on it fails here
 * until it is listed (or stops using the demo). Once the demo is removed, it
 * checks that nothing of it is left. The removal itself runs end to end in
 * tests/scenarios/demo-remove.ts, on a scratch copy.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";

import { applyDemoEdits, DEMO_EDITS } from "./demo-edits";
import { DEMO_FILES, DEMO_FOLDERS, DEMO_PATHS, DEMO_USE } from "./demo-files";
import { demoRemoved, filesUnder } from "./demo-paths";
import { STARTER } from "./names";

const ROOT = join(import.meta.dirname, "..", "..");

/** What is never the project's own code: installs and build output. */
const NOT_SOURCE = /(^|\/)(node_modules|dist|\.next|\.turbo|coverage)\//;

/**
 * The project's code files, relative to the root: what git sees (tracked, and new files not ignored, so a
 * new file fails here before it is committed), or every file but installs and builds in a copy without git.
 */
const codeFiles = () =>
  (existsSync(join(ROOT, ".git"))
    ? execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
        .split("\n")
        .filter((file) => existsSync(join(ROOT, file)))
    : filesUnder(ROOT, ".").filter((file) => !NOT_SOURCE.test(file))
  ).filter((file) => /\.(ts|tsx|mts|mjs)$/.test(file));

/** Files that name the demo to describe or remove it: the removal's own. */
const isRemovalsOwn = (file: string) => file.startsWith("scripts/make-it-yours/");

if (demoRemoved(ROOT)) {
  // After `pnpm demo:remove` the lists describe what is gone: the check is that it is gone, whole.
  describe("the demo, once removed", () => {
    it("left none of its paths", () => {
      expect(DEMO_PATHS.filter((path) => existsSync(join(ROOT, path)))).toEqual([]);
    });

    it("is used by no code that stays", () => {
      const using = codeFiles().filter(
        (file) => !isRemovalsOwn(file) && DEMO_USE.test(readFileSync(join(ROOT, file), "utf8")),
      );
      expect(using).toEqual([]);
    });
  });
} else {
  describe("pnpm demo:remove's lists", () => {
    it("name only paths that are there", () => {
      expect(DEMO_PATHS.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
    });

    it("find every declaration they edit", () => {
      // In memory only: the project is never saved.
      const project = new Project({ skipAddingFilesFromTsConfig: true });
      expect(() => applyDemoEdits(project, ROOT)).not.toThrow();
    });

    it("leave no use of the demo in the files they edit", () => {
      const project = new Project({ skipAddingFilesFromTsConfig: true });
      applyDemoEdits(project, ROOT);
      const stillUsing = project
        .getSourceFiles()
        .filter((source) => DEMO_USE.test(source.getFullText()))
        .map(
          (source) => `${source.getFilePath().replace(`${ROOT}/`, "")}: ${source.getFullText().match(DEMO_USE)?.[0]}`,
        );
      // What an edited file still names of the demo: list it in its edit in demo-edits.ts.
      expect(stillUsing).toEqual([]);
    });

    it("name no test and no path by what `pnpm rename` rewrites, so a renamed project can still remove the demo", () => {
      // The rename leaves these lists alone (rename.ts's LEFT_ALONE), but rewrites the titles and paths they name.
      const starterNames = Object.values(STARTER);
      const named = [...DEMO_PATHS, ...DEMO_EDITS.flatMap((edit) => [edit.file, ...(edit.tests ?? [])])].filter(
        (name) => starterNames.some((starterName) => name.includes(starterName)),
      );
      expect(named).toEqual([]);
    });

    it("hold every file that uses the demo", () => {
      const listed = new Set([...DEMO_FILES, ...DEMO_EDITS.map((edit) => edit.file)]);
      const unlisted = codeFiles().filter(
        (file) =>
          !listed.has(file) &&
          !DEMO_FOLDERS.some((folder) => file.startsWith(`${folder}/`)) &&
          !isRemovalsOwn(file) &&
          DEMO_USE.test(readFileSync(join(ROOT, file), "utf8")),
      );
      // A file here uses posts, comments or likes: list it in demo-files.ts or demo-edits.ts, or make it not.
      expect(unlisted, "files that use the demo but are in neither list").toEqual([]);
    });
  });
}
