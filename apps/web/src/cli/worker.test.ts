import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { DEMO_USER_EMAIL, openDatabase, seedIfEmpty } from "@trellis/db";
import { appJobs, createTableQueue } from "@trellis/jobs";
import { afterAll, describe, expect, it, vi } from "vitest";

/**
 * `pnpm worker` as a process: it runs a job enqueued before it started (the
 * queue is in the database, so jobs wait for a worker), and SIGTERM stops it
 * cleanly — the worker before the queue and the database, exit code 0.
 */

const webDir = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "trellis-worker-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("pnpm worker", { timeout: 120_000 }, () => {
  it("runs the jobs waiting in the database, and stops gracefully on SIGTERM", async () => {
    const databaseUrl = `file:${join(scratch, "app.db")}`;
    const mailbox = join(scratch, "mailbox");
    const database = await openDatabase(databaseUrl);
    await seedIfEmpty(database);
    await createTableQueue(appJobs, database.data).enqueue("email.password-reset", { email: DEMO_USER_EMAIL });
    await database.close();

    const worker = spawn(process.execPath, ["--import", "tsx", "src/cli/worker.ts"], {
      cwd: webDir,
      env: { ...process.env, DATABASE_URL: databaseUrl, MAILBOX_DIR: mailbox, LOG_LEVEL: "info", REDIS_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    worker.stdout.on("data", (chunk) => (output += chunk));
    worker.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => worker.once("exit", resolve));

    const emails = () => {
      try {
        return readdirSync(mailbox).filter((name) => name.endsWith(".eml"));
      } catch {
        return [];
      }
    };
    await vi.waitFor(() => expect(emails(), output).toHaveLength(1), { timeout: 60_000, interval: 250 });

    worker.kill("SIGTERM");
    expect(await exited, output).toBe(0);
    const order = ["SIGTERM: stopping the worker", "job worker closed", "job queue closed", "database closed"];
    const positions = order.map((line) => output.indexOf(line));
    expect(
      positions.every((position) => position >= 0),
      output,
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
