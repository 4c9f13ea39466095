import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

import type { Dialect } from "./dialect";

/**
 * The workspace root, found by walking up from the working directory. Next.js,
 * vitest, tsx and drizzle-kit each start in a different folder and bundle code
 * differently, so `import.meta.url` is not reliable; the cwd is.
 */
export function workspaceRoot(from = process.cwd()): string {
  // Found at run time from the cwd; tell Turbopack not to trace the whole tree for it.
  let dir = resolve(/*turbopackIgnore: true*/ from);
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
  return dir;
}

/** The embedded default: `data/trellis.db` at the workspace root. */
export function defaultDatabaseUrl(): string {
  return `file:${join(workspaceRoot(), "data", "trellis.db")}`;
}

/** Each dialect has its own drizzle-kit migrations: `migrations/sqlite` and `migrations/pg`. */
export function migrationsFolder(dialect: Dialect): string {
  return join(workspaceRoot(), "packages", "db", "migrations", dialect === "postgres" ? "pg" : "sqlite");
}
