/**
 * `pnpm rename @acme "Acme Notes"` on a scratch copy of the repository, then
 * the proof that the copy is whole under its new names: "trellis" is left in
 * no case and no form, outside the files that describe the rename and the
 * names kept on purpose (rename-unchanged.ts, docs/make-it-yours.md), the
 * lockfile was regenerated for the new scope, and the type-check, the lint,
 * the format check and the tests the names reach (TESTS, on SQLite: a name
 * does not depend on the dialect) pass.
 *
 *   pnpm scenario:rename   (≈5 min, 7.5 on a busy 2-core machine; KEEP_SCRATCH=1 keeps the copy)
 *
 * The copy gets its own install from the local pnpm store (no network) and
 * is removed at the end. Exits 1 on the first failed step.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

import { withoutUnchanged } from "./rename-unchanged";
import { run, scratchCopy } from "./scratch";

const SCOPE = "@acme";
const APP_NAME = "Acme Notes";

/**
 * The tests that assert on a renamed value (a title, an email, the OpenAPI
 * title, the token prefix, the bearer realm, the Redis defaults; names.test.ts
 * for a second rename) or resolve the scope's imports by hand
 * (vitest.projects.test.ts). The whole suite on SQLite takes over 5 minutes
 * here, and packing the client (pack.test.ts) over 2; every other test file
 * differs only in its import specifiers, which the type-check has proved.
 */
const TESTS = [
  "apps/web/src/server/page-cache.test.ts",
  "apps/web/src/server/startup.test.ts",
  "packages/api/src/routers/account.test.ts",
  "packages/api/src/routers/api-token.test.ts",
  "packages/api/src/routers/passkey.test.ts",
  "packages/api/src/routers/two-factor.test.ts",
  "packages/auth/src/session.test.ts",
  "packages/jobs/src/jobs/jobs.test.ts",
  "packages/server/src/http/caching.test.ts",
  "packages/server/src/http/lean-handler.test.ts",
  "packages/server/src/http/response-meta.test.ts",
  "packages/server/src/rest/rest.test.ts",
  "packages/server/src/rest/document.test.ts",
  "packages/server/src/log.test.ts",
  "packages/validators/src/settings.test.ts",
  "scripts/make-it-yours/names.test.ts",
  "vitest.projects.test.ts",
];

/** "trellis" in any case and any form: the search does not share the rename's patterns, so it catches what they miss. */
const STARTER_NAME = /trellis/i;
/** Files that describe the rename, with the starter's names as examples (scripts/make-it-yours/rename.ts's LEFT_ALONE). */
const DESCRIBE_THE_RENAME = [
  "scripts/make-it-yours/",
  "tests/scenarios/rename.ts",
  "tests/scenarios/rename-unchanged.ts",
  "docs/make-it-yours.md",
  "docs/decisions/054-",
];
const SKIPPED_DIRS = new Set(["node_modules", ".next", "dist", ".git", ".turbo", "data"]);

function* filesUnder(root: string, dir = root): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* filesUnder(root, join(dir, entry.name));
    } else if (entry.isFile()) {
      yield relative(root, join(dir, entry.name));
    }
  }
}

/**
 * Every line of the copy that still says "trellis" outside the names left so on purpose
 * (UNCHANGED, listed in docs/make-it-yours.md), as "file:line: text". The lockfile is searched too.
 */
function leftovers(root: string): string[] {
  const found: string[] = [];
  for (const file of filesUnder(root)) {
    if (DESCRIBE_THE_RENAME.some((prefix) => file.startsWith(prefix))) continue;
    const text = readFileSync(join(root, file), "utf8");
    if (text.includes("\0")) continue;
    text.split("\n").forEach((line, index) => {
      if (STARTER_NAME.test(withoutUnchanged(line))) found.push(`${file}:${index + 1}: ${line.trim()}`);
    });
  }
  return found;
}

function checkRenamed(root: string): void {
  const left = leftovers(root);
  if (left.length > 0) throw new Error(`the starter's names are left in ${left.length} lines:\n${left.join("\n")}`);
  const lockfile = readFileSync(join(root, "pnpm-lock.yaml"), "utf8");
  if (lockfile.includes("@trellis/") || !lockfile.includes(`${SCOPE}/db`)) {
    throw new Error(`pnpm-lock.yaml was not regenerated for ${SCOPE}`);
  }
  const client = JSON.parse(readFileSync(join(root, "packages/client/package.json"), "utf8")) as {
    name: string;
    bin: Record<string, string>;
  };
  if (client.name !== `${SCOPE}/client` || client.bin["acme-notes"] !== "./bin/acme-notes.js") {
    throw new Error(`packages/client/package.json: name ${client.name}, bin ${JSON.stringify(client.bin)}`);
  }
  if (!existsSync(join(root, "packages/client/bin/acme-notes.js")))
    throw new Error("the CLI's bin file was not renamed");
  const tokens = readFileSync(join(root, "packages/auth/src/tokens.ts"), "utf8");
  if (!tokens.includes('API_TOKEN_PREFIX = "acm_"')) throw new Error("the API token prefix was not renamed");
  console.log("  ✓ no starter name is left; lockfile, CLI and token prefix renamed");
}

function main(): void {
  const started = Date.now();
  const { root } = scratchCopy("trellis-rename-");
  console.log(`pnpm rename ${SCOPE} "${APP_NAME}" on a scratch copy: ${root}`);
  try {
    run("pnpm install (offline, from the local store)", root, "pnpm", ["install", "--offline", "--frozen-lockfile"]);
    run(`pnpm rename ${SCOPE} "${APP_NAME}"`, root, "pnpm", ["rename", SCOPE, APP_NAME]);
    checkRenamed(root);
    run("pnpm typecheck", root, "pnpm", ["typecheck"]);
    run("pnpm lint", root, "pnpm", ["lint"]);
    run("pnpm format:check", root, "pnpm", ["format:check"]);
    run(`vitest: the ${TESTS.length} test files the names reach (unit and sqlite projects)`, root, "pnpm", [
      "exec",
      "vitest",
      "run",
      ...TESTS,
      "--project",
      "unit",
      "--project",
      "sqlite",
    ]);
    console.log(`pnpm rename holds: renamed and green in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    if (process.env.KEEP_SCRATCH) console.log(`  kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
