/**
 * Takes the demo domain out (posts, comments, likes, and the export and the
 * weekly digest that read them), leaving accounts, tokens, admin, jobs and the
 * runtime (docs/make-it-yours.md, docs/decisions/056-demo-remove-by-lists-and-syntax-tree.md):
 *
 *   pnpm demo:remove
 *
 * The demo's own files go whole (./demo-files.ts); the files it shares are
 * edited through the syntax tree (./demo-edits.ts); a small home page takes
 * the feed's place (./templates/home-page.ts); the package.json scripts that
 * ran what is deleted go (./demo-scripts.ts); then Biome formats what
 * was edited and drizzle-kit writes a `remove_demo` migration dropping its
 * tables on both dialects. Every edit is made in memory first, and any
 * failure after the first write puts every file back (../gen/snapshot.ts).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Project } from "ts-morph";

import { UsageError } from "../gen/resource";
import { Snapshot } from "../gen/snapshot";
import {
  assertNoPendingMigration,
  atomically,
  format,
  generateMigrations,
  MIGRATIONS,
  ROOT,
  StepError,
} from "../gen/steps";
import { applyDemoEdits, DriftError } from "./demo-edits";
import { DEMO_FILES, DEMO_FOLDERS, DEMO_PATHS } from "./demo-files";
import { DEMO_MARKER, demoRemoved, filesUnder } from "./demo-paths";
import { DEMO_SCRIPTS, withoutScripts } from "./demo-scripts";
import { HOME_PAGE, HOME_PAGE_PATH } from "./templates/home-page";

function removeDemo(): void {
  if (demoRemoved(ROOT)) {
    throw new UsageError(`the demo is removed already (${DEMO_MARKER} is gone); nothing was changed`);
  }
  if (existsSync(join(ROOT, HOME_PAGE_PATH))) {
    throw new UsageError(`${HOME_PAGE_PATH} exists: the home page to write is there already; nothing was changed`);
  }
  const absent = DEMO_PATHS.filter((path) => !existsSync(join(ROOT, path)));
  if (absent.length > 0) {
    throw new UsageError(`${absent[0]} is not there: the demo was changed by hand; nothing was changed`);
  }
  assertNoPendingMigration();

  // Every edit in memory first: a declaration that moved stops the run before a write.
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  const edited = applyDemoEdits(project, ROOT);
  const scriptEdits = DEMO_SCRIPTS.map((scripts) => ({
    file: scripts.file,
    text: withoutScripts(readFileSync(join(ROOT, scripts.file), "utf8"), scripts),
  }));
  const deleted = [...DEMO_FILES, ...DEMO_FOLDERS.flatMap((folder) => filesUnder(ROOT, folder))].filter((file) =>
    statSync(join(ROOT, file)).isFile(),
  );

  const snapshot = new Snapshot(ROOT);
  snapshot.keepFolder(MIGRATIONS);
  atomically(snapshot, () => {
    for (const file of deleted) snapshot.delete(file, ".");
    for (const file of edited) snapshot.keep(file);
    project.saveSync();
    for (const { file, text } of scriptEdits) snapshot.write(file, text);
    // The feed was the home page: a small one takes its place.
    snapshot.write(HOME_PAGE_PATH, HOME_PAGE);
    format([...edited, ...scriptEdits.map(({ file }) => file), HOME_PAGE_PATH]);
    generateMigrations("remove_demo");
  });
  console.log(
    `Removed the demo: ${deleted.length} files deleted, ${edited.length + scriptEdits.length} edited, and a migration dropping its tables.`,
  );
  console.log("Next: pnpm typecheck && pnpm test");
}

try {
  // No options: a typo such as `--dry-run` is refused before anything is touched.
  parseArgs({ options: {} });
  removeDemo();
} catch (error) {
  // One line, no stack: what was wrong, or which step failed (and that every file was put back).
  const known = error instanceof UsageError || error instanceof StepError || error instanceof DriftError;
  const message = known ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  console.error(`pnpm demo:remove: ${message.split("\n")[0]}`);
  process.exit(1);
}
