import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_EMAIL, createDatabase, migrateDatabase, openDatabase } from "@trellis/db";
import { createLogger } from "@trellis/server/log";
import { parseSettings } from "@trellis/validators/settings";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

import { getDatabase, logFirstAdminHint, openAppDatabase } from "./db";

/**
 * What the app's start does to a database (ADR 028): a fresh production
 * database gets no users — the seeded admin's password is public — unless
 * SEED_DEMO_DATA=true says so, loudly; development still seeds.
 */

const scratch = mkdtempSync(join(tmpdir(), "trellis-db-start-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

let files = 0;
const freshUrl = () => `file:${join(scratch, `app-${++files}.db`)}`;

async function users(url: string) {
  const database = await openDatabase(url);
  try {
    return (await database.data.users.list({ limit: 100 })).items;
  } finally {
    await database.close();
  }
}

/** Opens the database as the app does at start, with a logger whose lines the test reads. */
async function start(env: Record<string, string>) {
  const lines: { level: number; msg: string }[] = [];
  const log = createLogger({ level: "info", destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  const config = parseSettings({ AUTH_SECRET: "k".repeat(43), ...env });
  const database = await openAppDatabase(config, log);
  // What startup.ts does once every service is up.
  await logFirstAdminHint(database, config, log);
  await database.close();
  return lines;
}

const WARN = 40;

describe("the app's database on start", () => {
  it("in production, an empty database stays empty: no demo accounts", async () => {
    const url = freshUrl();
    vi.stubEnv("NODE_ENV", "production");
    // Production's settings need a real key, as at any production start.
    vi.stubEnv("AUTH_SECRET", "k".repeat(43));
    vi.stubEnv("DATABASE_URL", url);
    vi.stubEnv("LOG_LEVEL", "silent");
    const database = await getDatabase();
    await database.close();
    expect(await users(url)).toEqual([]);
  });

  it("in production, says how to make the first admin, and nothing about demo data", async () => {
    const url = freshUrl();
    const lines = await start({ NODE_ENV: "production", DATABASE_URL: url });
    expect(await users(url)).toEqual([]);
    expect(lines.map((line) => line.msg)).toEqual([expect.stringContaining("pnpm admin:create")]);
    expect(lines.map((line) => line.msg).join()).not.toMatch(/seed|demo/i);
  });

  it("in production with SEED_DEMO_DATA=true, seeds and warns that the demo accounts' passwords are public", async () => {
    const url = freshUrl();
    const lines = await start({ NODE_ENV: "production", SEED_DEMO_DATA: "true", DATABASE_URL: url });
    expect(await users(url)).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: ADMIN_EMAIL, role: "admin" })]),
    );
    expect(lines).toEqual([
      expect.objectContaining({ level: WARN, msg: expect.stringMatching(/seeded demo data.*public passwords/) }),
    ]);
  });

  it("in production, leaves a database with users as it is, silently", async () => {
    const url = freshUrl();
    const database = await openDatabase(url);
    await database.data.users.create({ email: "owner@example.com", name: "Owner", role: "admin" });
    await database.close();
    expect(await start({ NODE_ENV: "production", DATABASE_URL: url })).toEqual([]);
    expect((await users(url)).map((user) => user.email)).toEqual(["owner@example.com"]);
  });

  it("in development, seeds an empty database with the dev accounts, as before", async () => {
    const url = freshUrl();
    expect(await start({ NODE_ENV: "development", DATABASE_URL: url })).toEqual([]);
    expect(await users(url)).toHaveLength(5);
  });
});

describe("MIGRATE_ON_START (ADR 031)", () => {
  it("=false: a database the release step has not migrated stops the start with one line saying what to run", async () => {
    const url = freshUrl();
    const failure = await start({ NODE_ENV: "production", DATABASE_URL: url, MIGRATE_ON_START: "false" }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure instanceof Error && failure.message)).toMatch(
      /^the database lacks \d+ migration\(s\) \(0000_init, .*\) and MIGRATE_ON_START=false: run `node server\.mjs migrate` \(or `pnpm db:migrate`\) first\.$/,
    );
    // Nothing was applied: the check only reads.
    const database = createDatabase(url);
    try {
      expect(await database.pendingMigrations()).not.toEqual([]);
    } finally {
      await database.close();
    }
  });

  it("=false: after `migrate`, the start opens the database without migrating it", async () => {
    const url = freshUrl();
    expect(await migrateDatabase(url)).toMatch(/^Migrated file:.* \(sqlite\)$/);
    expect(await start({ NODE_ENV: "production", DATABASE_URL: url, MIGRATE_ON_START: "false" })).toEqual([
      expect.objectContaining({ msg: expect.stringContaining("pnpm admin:create") }),
    ]);
  });
});
