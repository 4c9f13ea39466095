import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

/**
 * The production server (server.ts), started with a bad environment, must
 * stop before listening: exit code 1 and one line naming the variable —
 * never a stack trace, never a secret. (It stops before Next loads its build,
 * so this needs no `pnpm build`.)
 */

const webDir = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "trellis-startup-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ours = ["DATABASE_URL", "AUTH_SECRET", "REDIS_URL", "APP_URL", "SMTP_URL", "PORT", "LOG_LEVEL"];

function startServer(
  env: Record<string, string>,
  portArguments = ["--port", "1"],
): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !ours.includes(name)));
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts", "--hostname", "127.0.0.1", ...portArguments], {
    cwd: webDir,
    env: {
      ...inherited,
      NODE_ENV: "production",
      AUTH_SECRET: "a-production-secret-of-at-least-32-characters",
      DATABASE_URL: `file:${join(scratch, `${Math.random().toString(36).slice(2)}.db`)}`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, output })));
}

async function expectRefusal(env: Record<string, string>, line: string | RegExp, portArguments?: string[]) {
  const { code, output } = await startServer(env, portArguments);
  const lines = output.trim().split("\n");
  expect(lines, output).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(lines[0]).toMatch(/^Trellis cannot start: /);
  expect(output).not.toContain("hunter2");
  expect(code).toBe(1);
}

// Each case starts a Node process that loads the server's imports: seconds apiece on a busy machine.
describe.concurrent("the production server refuses to start, in one line", { timeout: 120_000 }, () => {
  it("with a DATABASE_URL that is no database URL", async () => {
    await expectRefusal(
      { DATABASE_URL: "mysql://root:hunter2@db.internal/app" },
      'Trellis cannot start: DATABASE_URL must be a file path or a postgres:// URL (got "mysql:…")',
    );
  });

  it("with a Postgres DATABASE_URL that does not answer", async () => {
    await expectRefusal(
      { DATABASE_URL: "postgres://app:hunter2@127.0.0.1:1/trellis" },
      /^Trellis cannot start: DATABASE_URL=postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/trellis does not answer \(ECONNREFUSED\)/,
    );
  });

  it("with a REDIS_URL that does not answer", async () => {
    await expectRefusal(
      { REDIS_URL: "redis://:hunter2@127.0.0.1:1" },
      "Trellis cannot start: REDIS_URL does not answer (redis://:***@127.0.0.1:1) for the event bus: connect ECONNREFUSED 127.0.0.1:1",
    );
  });

  it("with a PORT that is no port number, and no --port to stand in for it", async () => {
    await expectRefusal(
      { PORT: "abc" },
      'Trellis cannot start: PORT must be a port number from 1 to 65535 (got "abc")',
      [],
    );
  });

  it("without AUTH_SECRET in production, and with a bad PORT and LOG_LEVEL: each named, on the one line", async () => {
    await expectRefusal(
      { AUTH_SECRET: "", PORT: "http", LOG_LEVEL: "loud" },
      [
        'Trellis cannot start: PORT must be a port number from 1 to 65535 (got "http")',
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
        "AUTH_SECRET is not set: it is required in production (`openssl rand -base64 32`)",
      ].join("; "),
    );
  });
});
