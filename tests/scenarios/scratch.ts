/**
 * What the scenarios that change the whole repository share: a scratch copy
 * of it (what git sees, without installs or builds) and a step runner that
 * prints one line per step, with how long it took, and the tail of a failed
 * step's output.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { REPO_ROOT } from "../../scripts/production-build.mjs";

/** The longest any step may take (a production build on a busy 2-core machine takes under 10 min). */
const STEP_TIMEOUT_MS = 30 * 60_000;

/**
 * Runs one step; throws with the output's tail when it fails or outlives STEP_TIMEOUT_MS, so a hung step
 * fails the scenario instead of holding CI. Returns its stdout, for a step whose report is read.
 */
export function run(
  label: string,
  cwd: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): string {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, CI: "true", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: STEP_TIMEOUT_MS,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim().split("\n").slice(-60).join("\n");
    const why = result.signal ? `stopped by ${result.signal} after ${seconds}s` : `failed (${seconds}s)`;
    throw new Error(`${label} ${why}:\n${output}`);
  }
  console.log(`  ✓ ${label} (${seconds}s)`);
  return result.stdout;
}

/**
 * The repository as git sees it (tracked, and new files not ignored), without installs or builds:
 * its root, and the files copied.
 */
export function scratchCopy(prefix: string): { root: string; files: string[] } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file && existsSync(join(REPO_ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(root, file), { verbatimSymlinks: true });
  }
  return { root, files };
}
