import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Which vitest project runs each test file, read from the files themselves:
 * no list to keep up to date.
 *
 * A test file is a database test when it reaches the test database helper
 * (`packages/db/src/testing.ts`, imported as `@trellis/db/testing`) through
 * its imports, directly or through a helper such as `setupRouterTest`. That
 * helper is the only thing that reads TRELLIS_TEST_DIALECT, so these are the
 * files whose result can differ per dialect and are worth running once per
 * dialect. `*.sqlite.test.ts` files prove SQLite-only behaviour and run on
 * SQLite only. Every other test file needs no database and runs once.
 */
export interface TestFiles {
  /** Run once, without a database. */
  databaseFree: string[];
  /** Run once per dialect. */
  database: string[];
  /** Run on SQLite only. */
  sqliteOnly: string[];
}

const root = dirname(fileURLToPath(import.meta.url));
/** Build output, installed packages and the bench's generated router hold no tests of ours. */
const skippedDirs = new Set(["node_modules", "dist", "generated", "results"]);
const databaseHelper = join(root, "packages/db/src/testing.ts");
const here = "vitest.projects.ts";

export function classifyTestFiles(): TestFiles {
  if (!existsSync(databaseHelper)) {
    throw new Error(
      `${here}: the test database helper moved from ${relative(root, databaseHelper)}; point ${here} at it`,
    );
  }
  const files: TestFiles = { databaseFree: [], database: [], sqliteOnly: [] };
  const reaches = reachesDatabaseHelper();
  for (const file of findTestFiles(root)) {
    const name = relative(root, file).split(sep).join("/");
    if (name.endsWith(".sqlite.test.ts")) files.sqliteOnly.push(name);
    else if (reaches(file)) files.database.push(name);
    else files.databaseFree.push(name);
  }
  // The import scan below is a regular expression: if it ever stops seeing the
  // helper, every database test would silently run once, without a database.
  if (files.database.length === 0) {
    throw new Error(
      `${here}: no test file reaches ${relative(root, databaseHelper)}; the import scan in ${here} is broken`,
    );
  }
  return files;
}

/** Every `*.test.ts` (Playwright's specs are `*.spec.ts`), outside dot-directories (.git, .next). */
function findTestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".") || skippedDirs.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTestFiles(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Follows relative and `@trellis/*` imports (type-only imports load nothing) to the helper. */
function reachesDatabaseHelper(): (file: string) => boolean {
  const packages = workspacePackages();
  const known = new Map<string, boolean>();
  const visit = (file: string): boolean => {
    if (file === databaseHelper) return true;
    const seen = known.get(file);
    if (seen !== undefined) return seen;
    known.set(file, false); // an import cycle adds nothing
    const source = readFileSync(file, "utf8");
    const found = importedSpecifiers(source).some((specifier) => {
      const target = resolveImport(specifier, file, packages);
      return target !== undefined && visit(target);
    });
    known.set(file, found);
    return found;
  };
  return visit;
}

const importPattern =
  /\b(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']/g;

function importedSpecifiers(source: string): string[] {
  return [...source.matchAll(importPattern)]
    .filter(([, typeOnly]) => !typeOnly)
    .map(([, , specifier, dynamic]) => specifier ?? dynamic)
    .filter((specifier): specifier is string => specifier !== undefined);
}

function resolveImport(specifier: string, from: string, packages: Map<string, string>): string | undefined {
  if (specifier.startsWith(".")) return resolveFile(resolve(dirname(from), specifier));
  const [scope, name, ...subpath] = specifier.split("/");
  const packageDir = packages.get(`${scope}/${name}`);
  if (!packageDir) return undefined;
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const target = manifest.exports?.[subpath.length ? `./${subpath.join("/")}` : "."];
  return typeof target === "string" ? resolveFile(join(packageDir, target)) : undefined;
}

function resolveFile(path: string): string | undefined {
  const candidates = [path, `${path}.ts`, `${path}.tsx`, join(path, "index.ts"), path.replace(/\.js$/, ".ts")];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

function workspacePackages(): Map<string, string> {
  const packages = new Map<string, string>();
  for (const group of ["apps", "packages"]) {
    for (const dir of readdirSync(join(root, group))) {
      const manifest = join(root, group, dir, "package.json");
      if (existsSync(manifest)) packages.set(JSON.parse(readFileSync(manifest, "utf8")).name, join(root, group, dir));
    }
  }
  return packages;
}
