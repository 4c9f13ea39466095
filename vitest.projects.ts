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
const skippedDirs = new Set(["node_modules", "dist"]);
const skippedPaths = new Set(["bench/types/generated", "bench/results"].map((path) => join(root, path)));
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
    const path = join(dir, entry.name);
    if (entry.name.startsWith(".") || skippedDirs.has(entry.name) || skippedPaths.has(path)) return [];
    if (entry.isDirectory()) return findTestFiles(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/**
 * Follows relative, `@/` (the web app's src) and `@trellis/*` imports (type-only imports load nothing)
 * to the helper: a walk of its own from each test file, so an import cycle can never hide a path.
 */
function reachesDatabaseHelper(): (file: string) => boolean {
  const packages = workspacePackages();
  const importsOf = new Map<string, string[]>();
  const importedFiles = (file: string): string[] => {
    let targets = importsOf.get(file);
    if (!targets) {
      targets = importedSpecifiers(readFileSync(file, "utf8")).flatMap(
        (specifier) => resolveImport(specifier, file, packages) ?? [],
      );
      importsOf.set(file, targets);
    }
    return targets;
  };
  return (testFile) => {
    const seen = new Set([testFile]);
    const queue = [testFile];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if (file === databaseHelper) return true;
      for (const target of importedFiles(file)) {
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    return false;
  };
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
  if (specifier.startsWith("@/")) return resolveFile(join(root, "apps/web/src", specifier.slice(2)));
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
