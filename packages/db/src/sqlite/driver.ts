import { createRequire } from "node:module";
import { join } from "node:path";

import type BetterSqlite3 from "better-sqlite3";

import { appRoot } from "../paths";

/**
 * better-sqlite3, in the build that runs on this Node.
 *
 * Version 12 is the last that runs on Node 20; on Node 24 it aborts the
 * process ("Assertion failed: (env) != nullptr") when V8 collects a prepared
 * statement, which version 13 (Node-API, Node >= 22) fixes. Both are
 * installed where they can be — 13 is an optional dependency under the alias
 * `better-sqlite3-node22`, skipped by pnpm on Node 20 — and the API is the
 * same, so the choice is made here and nowhere else (docs/decisions/013).
 */
const NODE_MAJOR = Number(process.versions.node.split(".")[0]);
const PACKAGE = NODE_MAJOR >= 22 ? "better-sqlite3-node22" : "better-sqlite3";

// Resolved from this package's folder, by name, at run time: a bundler (Next)
// neither resolves the build that is absent here nor moves the lookup elsewhere.
const requireDriver = createRequire(join(appRoot(), "packages", "db", "package.json"));

export function loadSqliteDriver(): typeof BetterSqlite3 {
  try {
    return requireDriver(PACKAGE);
  } catch (error) {
    throw new Error(
      `Node ${process.versions.node} needs ${PACKAGE}, which is not installed: run \`pnpm install\` with this Node.`,
      { cause: error },
    );
  }
}
