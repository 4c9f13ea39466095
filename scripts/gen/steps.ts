/**
 * The steps `pnpm gen` and `pnpm demo:remove` share after their checks: running
 * a tool in the repository (Biome, drizzle-kit), a migration on both dialects,
 * and writing every file at once or none (./snapshot.ts).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

import { UsageError } from "./resource";
import { Snapshot } from "./snapshot";

export const ROOT = join(import.meta.dirname, "..", "..");
export const MIGRATIONS = "packages/db/migrations";

/** A step after the checks failed (Biome, drizzle-kit): named in one line, every file put back. */
export class StepError extends Error {}

export function run(command: string, args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n");
    const last =
      output
        .filter((line) => line.trim())
        .at(-1)
        ?.trim() ?? "no output";
    throw new StepError(`\`${command} ${args.slice(0, 3).join(" ")}\` failed: ${last}`);
  }
  return result.stdout;
}

// The Postgres URL only picks the dialect: generating connects to nothing.
const DIALECTS: Record<string, string>[] = [{}, { DATABASE_URL: "postgres://localhost/unused" }];

/** drizzle-kit compares each schema with its last snapshot and writes the SQL, for SQLite and for Postgres. */
export function generateMigrations(name: string): void {
  for (const env of DIALECTS) run("pnpm", ["exec", "drizzle-kit", "generate", "--name", name], env);
}

/**
 * Refuses when either schema has changes no migration holds yet: they would
 * land in the new migration under its name. drizzle-kit generates as
 * it would, and whatever it wrote is taken back at once.
 */
export function assertNoPendingMigration(): void {
  const snapshot = new Snapshot(ROOT);
  snapshot.keepFolder(MIGRATIONS);
  try {
    generateMigrations("pending_check");
    const pending = snapshot.newFilesIn(MIGRATIONS);
    if (pending.length > 0) {
      throw new UsageError(
        "the schema has changes without a migration; run `pnpm db:generate` for both dialects (docs/database.md) first",
      );
    }
  } finally {
    snapshot.restore();
  }
}

export const format = (files: string[]) => run("pnpm", ["exec", "biome", "check", "--write", ...files]);

/** Runs `write` with every file it touches kept; any error puts them all back before it goes on. */
export function atomically(snapshot: Snapshot, write: () => void): void {
  try {
    write();
  } catch (error) {
    snapshot.restore();
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new StepError(`${message}; every file is as it was`);
  }
}
