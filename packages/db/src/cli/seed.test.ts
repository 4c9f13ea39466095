import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { openDatabase } from "../create-database";
import { ADMIN_EMAIL } from "../seed";
import { DEMO_DATA_REFUSED, demoDataWarning } from "../seed-policy";

/**
 * `pnpm db:seed` as an operator would run it on a production server, as a
 * process: the policy's own test (../seed-policy.test.ts) cannot show that the
 * command asks it before it opens, creates or migrates anything.
 */

const packageDir = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "trellis-db-seed-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function seed(env: Record<string, string>) {
  const { SEED_DEMO_DATA: _inherited, ...parent } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/seed.ts"], {
    cwd: packageDir,
    env: { ...parent, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("close", (code) => resolve({ code, stdout, stderr })),
  );
}

describe("pnpm db:seed under NODE_ENV=production", { timeout: 60_000 }, () => {
  it("is refused with one line, before the database is even created", async () => {
    const file = join(scratch, "refused.db");
    const run = await seed({ NODE_ENV: "production", DATABASE_URL: `file:${file}` });
    expect(run).toEqual({ code: 1, stdout: "", stderr: `${DEMO_DATA_REFUSED}\n` });
    expect(existsSync(file)).toBe(false);
  });

  it("seeds only with SEED_DEMO_DATA=true, and warns that the demo admin's password is public", async () => {
    const file = join(scratch, "opted-in.db");
    const run = await seed({ NODE_ENV: "production", SEED_DEMO_DATA: "true", DATABASE_URL: `file:${file}` });
    expect(run).toEqual({ code: 0, stdout: `Seeded file:${file}\n`, stderr: `${demoDataWarning(true)}\n` });
    const database = await openDatabase(`file:${file}`);
    try {
      expect(await database.data.users.byEmail(ADMIN_EMAIL)).toMatchObject({ role: "admin" });
    } finally {
      await database.close();
    }
  });
});
