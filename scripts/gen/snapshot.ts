/**
 * What `pnpm gen` changes, kept as it was before the first write, so any
 * failure halfway (Biome, drizzle-kit, a full disk) puts every file back:
 * edited files get their old text, new files and new folders go again.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

export class Snapshot {
  /** Each touched file's text before, or null when it did not exist. */
  private readonly before = new Map<string, string | null>();
  /** Folders whose every new file is the run's own (drizzle-kit's migrations). */
  private readonly watched: string[] = [];

  constructor(private readonly root: string) {}

  /** Keeps `file` (relative to the root) as it is now; later calls for the same file keep the first. */
  keep(file: string): void {
    const path = join(this.root, file);
    if (!this.before.has(path)) this.before.set(path, existsSync(path) ? readFileSync(path, "utf8") : null);
  }

  /** Keeps every file under `folder`; any file that appears there later is removed on restore. */
  keepFolder(folder: string): void {
    for (const file of filesUnder(join(this.root, folder))) this.keep(relative(this.root, file));
    this.watched.push(join(this.root, folder));
  }

  /** Writes `text` to `file`, kept first, making its folder when needed. */
  write(file: string, text: string): void {
    this.keep(file);
    mkdirSync(dirname(join(this.root, file)), { recursive: true });
    writeFileSync(join(this.root, file), text);
  }

  /** Deletes `file`, kept first, and then each parent folder up to `stopAt` that it left empty. */
  delete(file: string, stopAt: string): void {
    this.keep(file);
    rmSync(join(this.root, file));
    removeEmptyFolders(dirname(join(this.root, file)), join(this.root, stopAt));
  }

  /** Puts every kept file back as it was; removes what the run created. */
  restore(): void {
    for (const folder of this.watched) {
      for (const file of filesUnder(folder)) if (!this.before.has(file)) rmSync(file);
    }
    for (const [path, text] of this.before) {
      if (text === null) {
        rmSync(path, { force: true });
        removeEmptyFolders(dirname(path), this.root);
      } else {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
      }
    }
  }

  /** Whether any file under the watched folders is new since they were kept. */
  newFilesIn(folder: string): string[] {
    return filesUnder(join(this.root, folder)).filter((file) => !this.before.has(file));
  }
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** Removes `folder` and its parents while each is empty, never `stopAt` itself or above. */
function removeEmptyFolders(folder: string, stopAt: string): void {
  for (let current = folder; current.startsWith(`${stopAt}/`); current = dirname(current)) {
    if (!existsSync(current) || readdirSync(current).length > 0) return;
    rmdirSync(current);
  }
}
