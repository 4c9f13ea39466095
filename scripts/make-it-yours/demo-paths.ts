import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

/** Every file under `folder` (relative to `root`), as paths relative to `root`. */
export function filesUnder(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}
