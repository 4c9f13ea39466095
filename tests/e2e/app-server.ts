import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createScratchPostgres } from "@trellis/db/testing";
import { freePort } from "../../scripts/free-port.mjs";
import { ARTIFACT_SERVER } from "../../scripts/production-build.mjs";

/** One production Next.js server with its own database and mailbox, for one Playwright worker. */
export interface AppServer {
  baseURL: string;
  /** Where the app writes emails (.eml); see readMailbox. */
  mailbox: string;
  /** What a second instance needs to serve the same app: database, session key, event stream, rate limits. */
  shared: SharedState;
  /** The server process, e.g. to send it SIGTERM; `exited` settles with its exit code when it ends. */
  process: ChildProcess;
  exited: Promise<number | null>;
  /** Everything it wrote to stdout and stderr so far: its log. */
  output(): string;
  stop(): Promise<void>;
}

interface SharedState {
  databaseUrl: string;
  authSecret: string;
  /** The Redis stream its events go through (when REDIS_URL is set): one per app, so workers never hear each other. */
  eventsStream: string;
  /** Its rate limits' Redis key prefix (when REDIS_URL is set): one per app, so workers never count each other. */
  rateLimitPrefix: string;
  /** Its BullMQ queue (when REDIS_URL is set): one per app, so no worker runs another app's jobs. */
  jobsQueue: string;
}

// The production server, as `pnpm start` runs it: apps/web/server.ts (the lean tRPC path, then Next),
// in the artifact `pnpm build` makes (ARTIFACT_SERVER, dist/trellis/server.mjs, ADR 030).

async function waitUntilServing(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The app did not answer at ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

/**
 * Starts the app on a free port with a fresh database — or, given `sameAppAs`,
 * a second instance of that app (same database, session key and events), as a
 * load balancer would have behind it; the first instance's `stop` cleans up.
 *
 * The specs sign in as the demo accounts and read the demo posts, so the app
 * seeds them: a production server does that only with SEED_DEMO_DATA=true
 * (ADR 028), set here unless `extraEnv` says `SEED_DEMO_DATA: "false"` —
 * to see what a real production start does.
 */
export async function startAppServer(
  label: string,
  sameAppAs?: AppServer,
  extraEnv: Record<string, string> = {},
): Promise<AppServer> {
  const scratch = mkdtempSync(join(tmpdir(), `trellis-e2e-${label}-`));
  const postgresServer = process.env.TRELLIS_E2E_DATABASE_URL;
  const database = sameAppAs
    ? { url: sameAppAs.shared.databaseUrl, drop: async () => {} }
    : postgresServer
      ? await createScratchPostgres(postgresServer, `trellis_e2e_${label}`)
      : { url: `file:${join(scratch, "app.db")}`, drop: async () => {} };
  const shared: SharedState = sameAppAs?.shared ?? {
    databaseUrl: database.url,
    authSecret: randomBytes(32).toString("base64url"),
    eventsStream: `trellis:e2e:${label}:${randomBytes(4).toString("hex")}`,
    rateLimitPrefix: `trellis:e2e:${label}:rate-limit:${randomBytes(4).toString("hex")}`,
    jobsQueue: `trellis-e2e-${label}-${randomBytes(4).toString("hex")}`,
  };

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const mailbox = join(scratch, "mailbox");
  const child = spawn(process.execPath, [ARTIFACT_SERVER, "--hostname", "127.0.0.1", "--port", String(port)], {
    // Any folder will do (the artifact finds its files from its own): the worker's scratch one.
    cwd: scratch,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: database.url,
      AUTH_SECRET: shared.authSecret,
      EVENTS_STREAM: shared.eventsStream,
      RATE_LIMIT_PREFIX: shared.rateLimitPrefix,
      JOBS_QUEUE: shared.jobsQueue,
      APP_URL: baseURL,
      MAILBOX_DIR: mailbox,
      SEED_DEMO_DATA: "true",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    await database.drop();
    rmSync(scratch, { recursive: true, force: true });
  };

  try {
    await waitUntilServing(`${baseURL}/`, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL, mailbox, shared, process: child, exited, output: () => output, stop };
}
