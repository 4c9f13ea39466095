/**
 * Starts a Trellis server as a child process on loopback and waits until it
 * answers: the one way the e2e workers (tests/e2e/app-server.ts), the benches
 * (bench/production-server.ts, bench/run.ts) and the scenarios
 * (tests/scenarios/) start one. Each gets a scratch folder (its mailbox, and
 * its SQLite file when it has a fresh one), a port, and a database; `stop()`
 * sends SIGTERM, waits for the exit, then removes what it made.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createScratchPostgres } from "@trellis/db/testing";
import { freePort } from "./free-port.mjs";
import { ARTIFACT_SERVER, REPO_ROOT, WEB_DIR } from "./production-build.mjs";

/**
 * What runs: the artifact as `pnpm start` runs it (`node dist/trellis/server.mjs`, ADR 030), Next's own
 * servers in apps/web (what hosts and developers run), or a script of the repository run with tsx.
 */
export type ServerCommand = "artifact" | "next start" | "next dev" | { tsx: string };

/**
 * Its database: a URL the caller made and keeps (seeded beforehand, or shared with another instance),
 * or a fresh one that `stop()` removes: a SQLite file in the scratch folder, or a new database on a
 * Postgres server, named from `prefix`.
 */
export type ServerDatabase =
  | { url: string }
  | { fresh: "sqlite" }
  | { fresh: "postgres"; server: string; prefix: string };

/** Where an app's events, rate limits and jobs live in Redis (when REDIS_URL is set): apart, so apps never hear each other. */
export interface RedisNames {
  eventsStream: string;
  rateLimitPrefix: string;
  jobsQueue: string;
}

/** Names of their own under `namespace` (e.g. "e2e:w0"), with a random tag. BullMQ's queue names may not hold ":". */
export function redisNamesFor(namespace: string): RedisNames {
  const tag = randomBytes(4).toString("hex");
  return {
    eventsStream: `trellis:${namespace}:${tag}`,
    rateLimitPrefix: `trellis:${namespace}:rate-limit:${tag}`,
    jobsQueue: `trellis-${namespace.replaceAll(":", "-")}-${tag}`,
  };
}

export interface LaunchOptions {
  /** Names its scratch folder (trellis-<label>-…) and its errors. */
  label: string;
  command: ServerCommand;
  database: ServerDatabase;
  /** A fresh one unless given: a second instance of an app shares its first's, so sessions carry over. */
  authSecret?: string;
  redis?: RedisNames;
  /** Last, over the defaults (NODE_ENV, PORT, APP_URL, DATABASE_URL, AUTH_SECRET, MAILBOX_DIR, SEED_DEMO_DATA…). */
  env?: Record<string, string>;
  /** A fresh free one unless given. */
  port?: number;
  /** Ready once this path answers 2xx (default "/"), or answers at all with `anyAnswer`. */
  waitFor?: string;
  anyAnswer?: boolean;
  /** How long it may take to be ready (default 60 s), and how often to ask (default 250 ms). */
  startTimeoutMs?: number;
  pollMs?: number;
  /** SIGKILL this long after SIGTERM if it has not exited; unset, `stop()` waits as long as it takes. */
  stopGraceMs?: number;
  /** Keep only the last this many characters of its output; unset, all of it (specs mark a place in it). */
  outputKept?: number;
  /** The Node binary that runs it; this process's unless given (the bench compares Node versions). */
  node?: string;
}

export interface LaunchedServer {
  /** e.g. http://127.0.0.1:40123 */
  baseURL: string;
  databaseUrl: string;
  authSecret: string;
  /** Where the app writes emails (.eml). */
  mailbox: string;
  /** The server process, e.g. to send it a signal; its `signalCode` says which one ended it. */
  process: ChildProcess;
  /** Settles with its exit code (null when a signal ended it) once it is gone. */
  exited: Promise<number | null>;
  /** What it wrote to stdout and stderr so far: its log. */
  output(): string;
  /** Resolves once it answers `waitFor`; rejects if it exits first or the time is up. */
  ready(deadline?: number): Promise<void>;
  /** SIGTERM (then SIGKILL after `graceMs`, default `stopGraceMs`), its exit, then its scratch folder and fresh database go. */
  stop(graceMs?: number): Promise<number | null>;
}

const NEXT_BIN = join(WEB_DIR, "node_modules", "next", "dist", "bin", "next");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The process and its arguments, its folder, and what it sets in the environment beyond the app's settings. */
function commandLine(command: ServerCommand, port: number, scratch: string) {
  const listen = ["--hostname", "127.0.0.1", "--port", String(port)];
  if (command === "artifact") {
    // Any folder will do (the artifact finds its files from its own): the server's scratch one.
    return { args: [ARTIFACT_SERVER, ...listen], cwd: scratch, env: { NODE_ENV: "production" as const } };
  }
  if (command === "next start") {
    // As `pnpm --filter @trellis/web start:next` runs it: the app, not Next, handles SIGTERM.
    const env = { NODE_ENV: "production" as const, NEXT_MANUAL_SIG_HANDLE: "true", NEXT_TELEMETRY_DISABLED: "1" };
    return { args: [NEXT_BIN, "start", ...listen], cwd: WEB_DIR, env };
  }
  if (command === "next dev") {
    // `next dev` sets development itself, and warns about any other NODE_ENV (removed below).
    return { args: [NEXT_BIN, "dev", ...listen], cwd: WEB_DIR, env: { NEXT_TELEMETRY_DISABLED: "1" } };
  }
  // A script reads PORT; it listens on loopback itself.
  return { args: ["--import", "tsx", command.tsx], cwd: REPO_ROOT, env: { NODE_ENV: "production" as const } };
}

/** Starts the server without waiting for it: call `ready()` (or use `launchServer`, which does). */
export async function spawnServer(options: LaunchOptions): Promise<LaunchedServer> {
  const scratch = mkdtempSync(join(tmpdir(), `trellis-${options.label}-`));
  const database =
    "url" in options.database
      ? { url: options.database.url, drop: async () => {} }
      : options.database.fresh === "postgres"
        ? await createScratchPostgres(options.database.server, options.database.prefix)
        : { url: `file:${join(scratch, "app.db")}`, drop: async () => {} };
  const port = options.port ?? (await freePort());
  const baseURL = `http://127.0.0.1:${port}`;
  const mailbox = join(scratch, "mailbox");
  const authSecret = options.authSecret ?? randomBytes(32).toString("base64url");
  const { args, cwd, env } = commandLine(options.command, port, scratch);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PORT: String(port),
    APP_URL: baseURL,
    DATABASE_URL: database.url,
    AUTH_SECRET: authSecret,
    MAILBOX_DIR: mailbox,
    // A test or a bench, not a deployment: an empty database gets the demo data (the specs sign in as the
    // demo accounts), which production does only when told to (ADR 028). `env` may say "false".
    SEED_DEMO_DATA: "true",
    ...(options.redis && {
      EVENTS_STREAM: options.redis.eventsStream,
      RATE_LIMIT_PREFIX: options.redis.rateLimitPrefix,
      JOBS_QUEUE: options.redis.jobsQueue,
    }),
    ...options.env,
  };
  if (options.command === "next dev") Reflect.deleteProperty(childEnv, "NODE_ENV");

  const child = spawn(options.node ?? process.execPath, args, {
    cwd,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (options.outputKept !== undefined) output = output.slice(-options.outputKept);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const startedAt = Date.now();
  const readyUrl = `${baseURL}${options.waitFor ?? "/"}`;

  return {
    baseURL,
    databaseUrl: database.url,
    authSecret,
    mailbox,
    process: child,
    exited,
    output: () => output,
    async ready(deadline = Date.now() + startTimeoutMs) {
      while (Date.now() < deadline) {
        if (!running())
          throw new Error(`${options.label} exited (${child.exitCode ?? child.signalCode}) while starting`);
        const answered = await fetch(readyUrl, { signal: AbortSignal.timeout(5_000) }).then(
          (response) => response.ok || options.anyAnswer === true,
          () => false,
        );
        if (answered) return;
        await sleep(options.pollMs ?? 250);
      }
      throw new Error(
        `${options.label} did not answer ${readyUrl} by its deadline (${((Date.now() - startedAt) / 1000).toFixed(1)} s after it started)`,
      );
    },
    async stop(graceMs = options.stopGraceMs) {
      if (running()) {
        child.kill("SIGTERM");
        const timer = graceMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
      await database.drop();
      rmSync(scratch, { recursive: true, force: true });
      return exited;
    },
  };
}

/** Starts the server and resolves once it is ready; if it is not, stops it and throws with its output. */
export async function launchServer(options: LaunchOptions): Promise<LaunchedServer> {
  const server = await spawnServer(options);
  try {
    await server.ready();
  } catch (error) {
    await server.stop(options.stopGraceMs ?? 2_000);
    throw new Error(`${error instanceof Error ? error.message : String(error)}:\n${server.output()}`);
  }
  return server;
}
