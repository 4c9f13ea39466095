/**
 * The package.json scripts `pnpm demo:remove` takes out (./demo-scripts.ts):
 * the JSON edit itself, and the drift check that keeps the list up with the
 * scripts and with what the removal deletes.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";

import { DEMO_FILES, DEMO_FOLDERS } from "./demo-files";
import { demoRemoved } from "./demo-paths";
import { DEMO_SCRIPTS, scriptsOf, withoutScripts } from "./demo-scripts";

const ROOT = join(import.meta.dirname, "..", "..");

const PACKAGE_JSON = `{
  "name": "web",
  "scripts": {
    "dev": "next dev",
    "jobs:digest": "node --import tsx src/cli/enqueue-digests.ts",
    "worker": "node worker.mjs"
  },
  "private": true
}
`;

describe("a package.json without the demo's scripts", () => {
  it("loses the named scripts only, its formatting and key order kept", () => {
    const after = withoutScripts(PACKAGE_JSON, { file: "package.json", scripts: ["jobs:digest"] });
    expect(after).toBe(`{
  "name": "web",
  "scripts": {
    "dev": "next dev",
    "worker": "node worker.mjs"
  },
  "private": true
}
`);
  });

  it("fails on a script that is not there, naming it", () => {
    expect(() => withoutScripts(PACKAGE_JSON, { file: "package.json", scripts: ["bench:soak"] })).toThrow(
      'package.json: the script "bench:soak" is not there any more',
    );
  });
});

/** The workspace's package.json files, relative to the root. */
const packageFiles = () => [
  "package.json",
  ...["apps", "packages", "examples"].flatMap((folder) =>
    readdirSync(join(ROOT, folder))
      .map((name) => `${folder}/${name}/package.json`)
      .filter((file) => existsSync(join(ROOT, file))),
  ),
];

/** A code file a script runs, as a path in the command. */
const RUN_FILE = /[\w@.()/-]+\.(?:ts|tsx|mts|mjs|js)\b/g;

describe("pnpm demo:remove's scripts", () => {
  // Before the removal every one is there to take out; after it, none is left.
  it(demoRemoved(ROOT) ? "are all gone" : "are all there", () => {
    for (const scripts of DEMO_SCRIPTS) {
      const present = Object.keys(scriptsOf(readFileSync(join(ROOT, scripts.file), "utf8")));
      const expected = demoRemoved(ROOT) ? [] : scripts.scripts;
      expect(scripts.scripts.filter((name) => present.includes(name))).toEqual(expected);
    }
  });

  it("leave no script that runs a deleted file or a script taken out", () => {
    // By path, not by listing the folders: after the removal they are gone.
    const isDeleted = (path: string) =>
      DEMO_FILES.includes(path) || DEMO_FOLDERS.some((folder) => path.startsWith(`${folder}/`));
    const removedNames = [...new Set(DEMO_SCRIPTS.flatMap(({ scripts }) => scripts))];
    const dangling = packageFiles().flatMap((file) => {
      const removed = DEMO_SCRIPTS.find((scripts) => scripts.file === file)?.scripts ?? [];
      return Object.entries(scriptsOf(readFileSync(join(ROOT, file), "utf8")))
        .filter(([name]) => !removed.includes(name))
        .filter(
          ([, command]) =>
            [...command.matchAll(RUN_FILE)].some(([path]) => isDeleted(normalize(join(dirname(file), path)))) ||
            removedNames.some((name) => command.split(/\s+/).includes(name)),
        )
        .map(([name, command]) => `${file}: "${name}": ${command}`);
    });
    expect(dangling, "list these in DEMO_SCRIPTS (scripts/make-it-yours/demo-scripts.ts)").toEqual([]);
  });
});
