import { execFileSync } from "node:child_process";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

/*
 * settings.ts is the one reader of process.env for the app's settings
 * (docs/decisions/033): a new `process.env.X` elsewhere would bring back
 * a second default, unchecked at start. These are the only other places
 * allowed to read the environment, each for a reason of its own.
 */
const READERS: { path: RegExp; why: string }[] = [
  { path: /^packages\/validators\/src\/settings\.ts$/, why: "the settings module itself" },
  {
    path: /^apps\/web\/src\/instrumentation\.ts$/,
    why: "NEXT_RUNTIME: which runtime Next is loading the file in, set by Next itself, not a setting",
  },
  { path: /\.(test|spec)\.tsx?$/, why: "tests: their own switches (TEST_DATABASE_URL, REDIS_URL) and children's env" },
  { path: /\.fixture\.ts$/, why: "a test's child process: told its database and start time by the test" },
  { path: /^tests\//, why: "end-to-end tooling: starts servers with their environment" },
  { path: /^bench\//, why: "benchmark tooling: its own knobs (BENCH_SECONDS, ROUNDS)" },
  { path: /^scripts\//, why: "build and test runners" },
  {
    path: /^apps\/web\/scripts\/bundle-server\.mjs$/,
    why: "writes the artifact's first lines, which set NODE_ENV and Next's config before any setting is read",
  },
  {
    path: /^packages\/db\/src\/testing\.ts$/,
    why: "the test databases' helper: TRELLIS_TEST_DIALECT, TEST_DATABASE_URL, VITEST",
  },
  { path: /^(vitest|playwright)\.config\.ts$/, why: "test runners' configuration" },
  { path: /^packages\/client\//, why: "the typed client: a separate product with its own configuration (config.ts)" },
  { path: /^examples\//, why: "examples of the client, for teammates: separate products" },
];

const repoRoot = join(import.meta.dirname, "..", "..", "..");

/**
 * The ways code reaches the environment: `process.env`, `process["env"]`, `import { env } from "node:process"`
 * and `const { env } = process`.
 */
const ENVIRONMENT_READ = String.raw`process\.env|process\[["'\x60]env|node:process|\benv\b[^=]*\}\s*=\s*process\b`;

/** Every source line (not docs) that reads the environment, as "path:line:text". */
function processEnvLines(): string[] {
  const output = execFileSync(
    "git",
    [
      "grep",
      "--untracked",
      "-n",
      "-E",
      ENVIRONMENT_READ,
      "--",
      "*.ts",
      "*.tsx",
      "*.mts",
      "*.cts",
      "*.js",
      "*.mjs",
      "*.cjs",
    ],
    { cwd: repoRoot, encoding: "utf8" },
  );
  return output.split("\n").filter(Boolean);
}

describe("process.env", () => {
  it("is read only by the settings module and the listed exceptions", () => {
    const strays = processEnvLines().filter((line) => {
      const path = line.slice(0, line.indexOf(":"));
      return !READERS.some((reader) => reader.path.test(path));
    });
    expect(strays, "read the setting from settings() (@trellis/validators/settings) instead").toEqual([]);
  });

  it("is still read by each single-file exception (a stale entry is removed, not kept)", () => {
    const lines = processEnvLines();
    for (const reader of READERS.filter((entry) => entry.path.source.endsWith("\\.ts$"))) {
      expect(
        lines.some((line) => reader.path.test(line.slice(0, line.indexOf(":")))),
        reader.path.source,
      ).toBe(true);
    }
  });
});
