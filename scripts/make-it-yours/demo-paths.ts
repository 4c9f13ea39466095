import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

/** The demo's router: when it is gone, `pnpm demo:remove` has run (it is deleted with the rest, all or nothing). */
export const DEMO_MARKER = "packages/api/src/routers/post.ts";

/** Whether `pnpm demo:remove` has run in the tree at `root`. */
export const demoRemoved = (root: string) => !existsSync(join(root, DEMO_MARKER));

/** Every file under `folder` (relative to `root`), as paths relative to `root`. */
export function filesUnder(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}
