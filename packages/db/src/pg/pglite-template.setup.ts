import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { TestProject } from "vitest/node";

import { dumpMigratedPglite } from "./pglite";

/**
 * Vitest's global setup for the pglite project: migrates one PGlite database
 * and writes its data directory to a scratch file, once per run. Every test
 * file still gets a database of its own (createTestDatabase), started from
 * this copy: a fresh PGlite runs initdb and every migration, ~3–9 s a test
 * file on a busy 2-core machine; loading the copy takes ~1–2 s.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "trellis-pglite-"));
  const file = join(dir, "migrated.tar");
  writeFileSync(file, Buffer.from(await (await dumpMigratedPglite()).arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated PGlite data directory written by pglite-template.setup.ts. */
    pgliteTemplate: string;
  }
}
