/**
 * The drift check of `pnpm demo:remove` (./remove-demo.ts): its lists must
 * keep up with the code. Every path it deletes is there; every declaration it
 * edits is found (the edits run in memory, nothing is saved); and no file
 * outside the lists uses the demo, so a new file that depends on it fails here
 * until it is listed. The removal itself runs on a scratch copy
 * (tests/scenarios/demo-remove.ts).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";

import { applyDemoEdits, DEMO_EDITS } from "./demo-edits";
import { DEMO_FILES, DEMO_FOLDERS, DEMO_PATHS, DEMO_USE, STILL_TO_HANDLE } from "./demo-files";

const ROOT = join(import.meta.dirname, "..", "..");

/** Code files git tracks, relative to the root. */
const codeFiles = () =>
  execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((file) => /\.(ts|tsx|mts|mjs)$/.test(file) && existsSync(join(ROOT, file)));

describe("pnpm demo:remove's lists", () => {
  it("name only paths that are there", () => {
    expect(DEMO_PATHS.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it("find every declaration they edit", () => {
    // In memory only: the project is never saved.
    const project = new Project({ skipAddingFilesFromTsConfig: true });
    expect(() => applyDemoEdits(project, ROOT)).not.toThrow();
  });

  it("hold every file that uses the demo", () => {
    const listed = new Set([...DEMO_FILES, ...DEMO_EDITS.map((edit) => edit.file), ...STILL_TO_HANDLE]);
    const unlisted = codeFiles().filter(
      (file) =>
        !listed.has(file) &&
        !DEMO_FOLDERS.some((folder) => file.startsWith(`${folder}/`)) &&
        !file.startsWith("scripts/make-it-yours/") &&
        DEMO_USE.test(readFileSync(join(ROOT, file), "utf8")),
    );
    expect(unlisted).toEqual([]);
  });

  it("list no file to handle that no longer uses the demo", () => {
    const stale = STILL_TO_HANDLE.filter(
      (file) => !existsSync(join(ROOT, file)) || !DEMO_USE.test(readFileSync(join(ROOT, file), "utf8")),
    );
    expect(stale).toEqual([]);
  });
});
