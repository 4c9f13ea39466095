import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { migrationsFolder, workspaceRoot } from "../paths";

/**
 * The committed migrations of each dialect match its schema: drizzle-kit,
 * asked to generate into a copy of them, finds nothing to add. Fails when a
 * schema file changed and `pnpm db:generate` was not run for that dialect.
 */
const root = workspaceRoot();
const scratch = mkdtempSync(join(tmpdir(), "trellis-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const dialects = [
  { dialect: "sqlite", kitDialect: "sqlite", schema: "packages/db/src/schema/sqlite.ts" },
  { dialect: "postgres", kitDialect: "postgresql", schema: "packages/db/src/schema/pg.ts" },
] as const;

describe("committed migrations", () => {
  it.each(dialects)(
    "are up to date with the $dialect schema",
    ({ dialect, kitDialect, schema }) => {
      const out = join(scratch, dialect);
      cpSync(migrationsFolder(dialect), out, { recursive: true });
      const before = readdirSync(out);

      // drizzle-kit prefixes "./" to --out, so it must be relative; and it exits 0
      // even when it fails, so the test reads what it says, stdout and stderr.
      const { stdout, stderr } = spawnSync(
        join(root, "node_modules", ".bin", "drizzle-kit"),
        ["generate", `--dialect=${kitDialect}`, `--schema=${schema}`, `--out=${relative(root, out)}`],
        { cwd: root, encoding: "utf8" },
      );

      expect(`${stdout}${stderr}`).toContain("No schema changes, nothing to migrate");
      expect(readdirSync(out)).toEqual(before);
    },
    60_000,
  );
});
