/**
 * The production server (apps/web/server.ts, as `pnpm start` runs it) with
 * the bench settings, over a database the caller names, for the scripts that
 * load it: bench/crash.ts, bench/soak.ts, bench/lighthouse.ts and bench/run.ts.
 * Also the users and API tokens those scripts write with, made in the
 * database before it starts.
 */
import { join } from "node:path";

import { newApiToken } from "@trellis/auth";
import { openDatabase } from "@trellis/db";
import { type LaunchedServer, launchServer } from "../scripts/launch-server";
import { hasProductionBuild } from "../scripts/production-build.mjs";

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

export type ProductionServer = LaunchedServer;

export interface ServerOptions {
  /** The caller's: kept after `stop()` (a restarted server serves the same file). */
  databaseUrl: string;
  authSecret: string;
  env?: Record<string, string>;
  /** The Node binary that runs it (default: this process's). */
  node?: string;
  /** How often to ask whether it is up (default 250 ms): the bench's cold start asks often. */
  pollMs?: number;
}

/**
 * Starts the production server (scripts/launch-server.ts) and resolves once it answers `/` (within 60 s).
 * `stop()` gives it 10 s after SIGTERM before SIGKILL; `output()` is its last 64 KiB.
 */
export function startProductionServer(options: ServerOptions): Promise<ProductionServer> {
  return launchServer({
    label: "bench",
    command: "artifact",
    database: { url: options.databaseUrl },
    authSecret: options.authSecret,
    env: { ...BENCH_ENV, ...options.env },
    stopGraceMs: 10_000,
    outputKept: 64 * 1024,
    ...(options.node && { node: options.node }),
    ...(options.pollMs && { pollMs: options.pollMs }),
  });
}

/**
 * What every bench server is told beyond what scripts/launch-server.ts sets. The benches load from one
 * address: their anonymous reads measure the server, not the per-address read limit
 * (RATE_LIMITS.anonymousReadsPerIp would answer most of them 429), which is still consulted per call.
 */
export const BENCH_ENV = { ANONYMOUS_READS_PER_MINUTE: "1000000000" };

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

/** `name=value` pairs of a response's Set-Cookie headers, as one Cookie header. */
const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");

/** Signs in through Auth.js's own endpoints, as a browser would: the session cookie, as a Cookie header. */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf) },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/" }),
    redirect: "manual",
  });
  const session = cookiesOf(response);
  if (!session.includes("session-token")) {
    throw new Error(`signing in ${email} failed: ${response.status} ${response.headers.get("location")}`);
  }
  return session;
}
