import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

import type { Dialect } from "./dialect";

/**
 * Set by the production artifact's entry (dist/trellis/server.mjs) before any
 * of the app's code runs: the artifact's own folder (docs/decisions/030). On
 * globalThis, because the artifact holds two copies of this module — the
 * bundled server's and Next's — and both must see it.
 */
const globalForPaths = globalThis as typeof globalThis & { trellisAppRoot?: string };

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

/**
 * The folder the app's runtime files are found from — its migrations
 * (`packages/db/migrations/…`), its drivers and the default `data/`: the
 * artifact's folder when the production artifact runs (wherever it was
 * copied, whatever the cwd), else the workspace root (`next dev`, vitest, the
 * CLIs under tsx). The artifact lays these files out as the workspace does.
 */
export function appRoot(): string {
  return globalForPaths.trellisAppRoot ?? workspaceRoot();
}

/** The embedded default: `data/trellis.db` under the app root (the workspace, or the artifact's folder). */
export function defaultDatabaseUrl(): string {
  return `file:${join(appRoot(), "data", "trellis.db")}`;
}

/** Each dialect has its own drizzle-kit migrations: `migrations/sqlite` and `migrations/pg`. */
export function migrationsFolder(dialect: Dialect): string {
  return join(appRoot(), "packages", "db", "migrations", dialect === "postgres" ? "pg" : "sqlite");
}
