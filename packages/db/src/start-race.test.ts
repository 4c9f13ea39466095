import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { count } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

import { createDatabase } from "./create-database";
import { migrationsAfter, pgMigrationLog, sqliteMigrationLog } from "./migration-status";
import { createPostgresDatabase } from "./pg/client";
import * as pgSchema from "./schema/pg";
import * as sqliteSchema from "./schema/sqlite";
import { buildSeed, seedIfEmpty } from "./seed";
import { createSqliteDatabase } from "./sqlite/client";
import { createScratchPostgres, currentTestDialect } from "./testing";

/**
 * Several processes starting at once on one empty database (docs/decisions/031):
 * every one migrates and seeds without an error, and the database ends with
 * each migration recorded once and one seed's rows. PGlite is one connection
 * in one process, so it cannot race; the server and SQLite files can.
 */

const INSTANCES = 4;
const dialect = currentTestDialect();
const seedSize = buildSeed();

describe.runIf(dialect === "postgres")("instances starting at once on one empty Postgres database", () => {
  it(`${INSTANCES} pools migrate and seed at once: each migration once, one seed`, async () => {
    const serverUrl = process.env.TEST_DATABASE_URL ?? "";
    const scratch = await createScratchPostgres(serverUrl, "trellis_race");
    const instances = Array.from({ length: INSTANCES }, () => createDatabase(scratch.url));
    try {
      await Promise.all(instances.map((instance) => instance.migrate()));
      const seeded = await Promise.all(instances.map((instance) => seedIfEmpty(instance)));
      expect(seeded.filter(Boolean)).toHaveLength(1);

      const check = createPostgresDatabase(scratch.url);
      try {
        const [migrations] = await check.db.select({ n: count() }).from(pgMigrationLog);
        expect(migrations?.n).toBe(migrationsAfter("postgres", null).length);
        const [users] = await check.db.select({ n: count() }).from(pgSchema.users);
        const [accounts] = await check.db.select({ n: count() }).from(pgSchema.accounts);
        expect([users?.n, accounts?.n]).toEqual([seedSize.users.length, seedSize.accounts.length]);
      } finally {
        await check.close();
      }
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
      await scratch.drop();
    }
  });
});

describe.runIf(dialect === "sqlite")("processes starting at once on one new SQLite file", () => {
  const dir = mkdtempSync(join(tmpdir(), "trellis-race-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** One process doing what a start does (start-race.fixture.ts); resolves with what it printed, or rejects. */
  function start(url: string, startAt: number): Promise<{ seeded: boolean }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "start-race.fixture.ts")], {
        env: { ...process.env, DATABASE_URL: url, START_AT: String(startAt) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      // Only stdout is the answer: Node may write a warning ("(node:123) Warning: …") to stderr, which
      // goes in the error when the process fails, never into what is parsed.
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("exit", (code) => {
        if (code !== 0) return reject(new Error(`exit ${code}: ${stderr}${stdout}`));
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(new Error(`not the fixture's JSON: ${stdout}\n${stderr}`));
        }
      });
    });
  }

  it(`${INSTANCES} processes migrate and seed at once: each migration once, one seed`, async () => {
    const url = `file:${join(dir, "race.db")}`;
    // Each process loads first (tsx takes a second or more), then all open the file at this moment.
    const startAt = Date.now() + 5_000;
    const outcomes = await Promise.all(Array.from({ length: INSTANCES }, () => start(url, startAt)));
    expect(outcomes.filter((outcome) => outcome.seeded)).toHaveLength(1);

    const check = createSqliteDatabase(url);
    try {
      expect(check.db.select({ n: count() }).from(sqliteMigrationLog).get()?.n).toBe(
        migrationsAfter("sqlite", null).length,
      );
      const users = check.db.select({ n: count() }).from(sqliteSchema.users).get()?.n;
      const accounts = check.db.select({ n: count() }).from(sqliteSchema.accounts).get()?.n;
      expect([users, accounts]).toEqual([seedSize.users.length, seedSize.accounts.length]);
    } finally {
      await check.close();
    }
  }, 30_000);
});

describe.runIf(dialect === "pglite")("instances starting at once on PGlite", () => {
  it.skip("cannot race: PGlite is one connection in this process (the postgres project runs this)", () => {});
});
