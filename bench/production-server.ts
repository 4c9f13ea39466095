/**
 * The production server (apps/web/server.ts, as `pnpm start` runs it) as a
 * child process on loopback, over a database the caller names, for the
 * scripts that load it: bench/crash.ts, bench/soak.ts and bench/lighthouse.ts
 * (bench/run.ts starts its servers itself). Also the users and
 * API tokens those scripts write with, made in the database before it starts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

import { newApiToken } from "@trellis/auth";
import { openDatabase } from "@trellis/db";
import { freePort } from "../scripts/free-port.mjs";
import { ARTIFACT_DIR, ARTIFACT_SERVER, hasProductionBuild } from "../scripts/production-build.mjs";

export const root = join(import.meta.dirname, "..");

/** Stops the script with one line when there is no production build to serve. */
export function requireBuild(script: string): void {
  if (!hasProductionBuild()) {
    console.error(`${script} serves the production build: run \`pnpm build\` first.`);
    process.exit(1);
  }
}

/** Reads a positive number from the environment, or `fallback`: the scripts' sizes (rounds, seconds, connections). */
export function positiveFromEnv(name: string, fallback: number, { whole = true } = {}): number {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0) || (whole && !Number.isInteger(value))) {
    throw new Error(`${name} must be a positive ${whole ? "whole " : ""}number`);
  }
  return value;
}

export interface ProductionServer {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  child: ChildProcess;
  /** The last 64 KiB the server printed, to show when something goes wrong. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<string>;
}

export interface ServerOptions {
  databaseUrl: string;
  authSecret: string;
  /** Where the dev mailbox writes (nothing here sends email, but the app wants a place). */
  mailbox: string;
  /** The port: a fresh free one unless given (a restarted server takes its predecessor's). */
  port?: number;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

const OUTPUT_KEPT = 64 * 1024;

/** Starts the production server and resolves once it answers `/` (within `startTimeoutMs`, default 60 s). */
export async function startProductionServer(options: ServerOptions): Promise<ProductionServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [ARTIFACT_SERVER, "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: ARTIFACT_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      AUTH_SECRET: options.authSecret,
      APP_URL: url,
      MAILBOX_DIR: options.mailbox,
      // A bench, not a deployment: an empty database gets the demo data (bench:lighthouse signs in as the
      // demo user), which production does only when told to (ADR 028).
      SEED_DEMO_DATA: "true",
      // Loads from one address: the soak's and crash test's anonymous reads measure the server, not the
      // per-address read limit (RATE_LIMITS.anonymousReadsPerIp), which is still consulted per call.
      ANONYMOUS_READS_PER_MINUTE: "1000000000",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? `exit ${code}`)),
  );

  const server: ProductionServer = {
    url,
    child,
    output: () => output,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}) while starting:\n${output}`);
    const answered = await fetch(`${url}/`, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return server;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await server.stop(2_000);
  throw new Error(
    `The server did not answer ${url}/ within ${(options.startTimeoutMs ?? 60_000) / 1000} s:\n${output}`,
  );
}

export interface TokenUser {
  id: string;
  email: string;
  /** A read-write API token's secret, for `Authorization: Bearer …`. */
  token: string;
}

/**
 * `count` users, each with a read-write API token, written straight into the
 * database (migrated here if new) — the way a teammate's script would hold a
 * token made at /settings. A database with users is not seeded by the app.
 */
export async function createTokenUsers(databaseUrl: string, count: number, label: string): Promise<TokenUser[]> {
  const database = await openDatabase(databaseUrl);
  try {
    const users: TokenUser[] = [];
    for (let i = 0; i < count; i++) {
      const email = `${label}-${i}@trellis.test`;
      const user = await database.data.users.create({ email, name: `${label} ${i}` });
      const { secret, prefix, tokenHash } = newApiToken();
      await database.data.apiTokens.create({
        userId: user.id,
        name: label,
        scope: "read-write",
        prefix,
        tokenHash,
        expiresAt: null,
      });
      users.push({ id: user.id, email, token: secret });
    }
    return users;
  } finally {
    await database.close();
  }
}

/** Milliseconds → "1.23 s". */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
