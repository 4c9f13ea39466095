import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { type Database, openDatabase } from "@trellis/db";
import { createScratchPostgres, currentTestDialect } from "@trellis/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkCredentials } from "../credentials";
import { hashPassword } from "../password";

/**
 * `pnpm admin:create` as an operator runs it, as a process, on the dialect
 * under test: a SQLite file, or (with TEST_DATABASE_URL) a scratch database on
 * a real Postgres server. PGlite lives in a test's memory, where no other
 * process can reach it, so that project skips this file.
 */

const packageDir = join(import.meta.dirname, "..", "..");
const dialect = currentTestDialect();

function createAdmin(args: string[], stdin: string, databaseUrl: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/create-admin.ts", ...args], {
    cwd: packageDir,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("close", (code) => resolve({ code, stdout, stderr })),
  );
}

describe.skipIf(dialect === "pglite")(`pnpm admin:create (${dialect})`, { timeout: 60_000 }, () => {
  let url = "";
  let drop = async () => {};
  let database: Database;
  const scratch = mkdtempSync(join(tmpdir(), "trellis-admin-create-"));
  const password = "correct horse battery staple";

  beforeAll(async () => {
    if (dialect === "postgres") {
      ({ url, drop } = await createScratchPostgres(process.env.TEST_DATABASE_URL ?? "", "admin_create"));
    } else {
      url = `file:${join(scratch, "app.db")}`;
    }
  });
  afterAll(async () => {
    await database?.close();
    await drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("makes the first admin of a new, unmigrated database from a password on stdin", async () => {
    const run = await createAdmin(["--email", " Owner@Example.com ", "--name", "The Owner"], `${password}\n`, url);
    expect(run).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^Created the admin owner@example\.com in /),
      stderr: "",
    });
    expect(run.stdout.trim().split("\n")).toHaveLength(1);

    database = await openDatabase(url);
    expect(await database.data.users.byEmail("owner@example.com")).toMatchObject({ name: "The Owner", role: "admin" });
    expect(await checkCredentials(database.data, { email: "owner@example.com", password })).toMatchObject({
      role: "admin",
    });
  });

  it("refuses a password in the arguments, in any form, and creates nothing", async () => {
    const forms = [
      ["--email", "argv@example.com", "--password", password],
      ["--email", "argv@example.com", `--password=${password}`],
      ["--email", "argv@example.com", "hunter2hunter2"],
    ];
    // Refused before the database is opened, so the runs may overlap.
    const runs = await Promise.all(forms.map((args) => createAdmin(args, `${password}\n`, url)));
    for (const [i, run] of runs.entries()) {
      expect(run.code, forms[i]?.join(" ")).toBe(1);
      expect(run.stderr).toMatch(/^Refused: .*shows in `ps` and in shell history/);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).not.toMatch(/hunter2|correct horse/);
    }
    expect(await database.data.users.byEmail("argv@example.com")).toBeUndefined();
  });

  it("refuses a weak password with the sign-up form's own message", async () => {
    const run = await createAdmin(["--email", "weak@example.com"], "short\n", url);
    expect(run).toMatchObject({
      code: 1,
      stderr: "Refused: password: Use at least 10 characters; nothing was created.\n",
    });
    expect(await database.data.users.byEmail("weak@example.com")).toBeUndefined();
  });

  it("refuses a common password, as sign-up does", async () => {
    const run = await createAdmin(["--email", "common@example.com"], "password12\n", url);
    expect(run).toMatchObject({
      code: 1,
      stderr:
        "Refused: password: That password is too common or easy to guess: try a longer phrase; nothing was created.\n",
    });
    expect(await database.data.users.byEmail("common@example.com")).toBeUndefined();
  });

  it("refuses an email that has an account; --promote makes it an admin, its password unchanged", async () => {
    const own = "their own password";
    await database.data.accounts.signUp({
      email: "member@example.com",
      name: "Member",
      passwordHash: await hashPassword(own),
    });

    const refused = await createAdmin(["--email", "member@example.com"], `${password}\n`, url);
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    // Anyone may have signed up with the address first: the refusal says when, and what --promote would hand over.
    expect(refused.stderr).toMatch(
      /^Refused: member@example\.com already has an account, signed up on \d{4}-\d\d-\d\dT[\d:.]+Z\. Anyone can sign up with any address: add --promote only if you made that account/,
    );
    expect(await database.data.users.byEmail("member@example.com")).toMatchObject({ role: "user" });

    const promoted = await createAdmin(["--email", "member@example.com", "--promote"], "", url);
    expect(promoted).toMatchObject({ code: 0, stderr: "" });
    expect(promoted.stdout).toMatch(
      /^Made member@example\.com an admin \(password unchanged; the account signed up on /,
    );
    expect(await checkCredentials(database.data, { email: "member@example.com", password: own })).toMatchObject({
      role: "admin",
    });
    expect(await checkCredentials(database.data, { email: "member@example.com", password })).toBeNull();
  });
});
