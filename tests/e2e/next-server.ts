import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { freePort } from "../../scripts/free-port.mjs";
import { WEB_DIR } from "../../scripts/production-build.mjs";

/** Next's own servers, beside the production server (./app-server.ts): what hosts and developers run. */
export type NextMode = "next start" | "next dev";

/** One of Next's own servers with a fresh SQLite database: the parts of ./app-server.ts's AppServer a spec reads. */
export interface NextServer {
  baseURL: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  stop(): Promise<void>;
}

const NEXT_BIN = join(WEB_DIR, "node_modules", "next", "dist", "bin", "next");

/**
 * Starts `next start` (on the production build, as `pnpm --filter
 * @trellis/web start:next` does, NEXT_MANUAL_SIG_HANDLE included) or `next
 * dev` in apps/web, on a free port, and waits until it answers. `next dev`
 * builds into .next/dev, apart from the production build, and compiles each
 * route on its first request: warm the routes a spec uses before timing them.
 */
export async function startNextServer(
  mode: NextMode,
  label: string,
  extraEnv: Record<string, string> = {},
): Promise<NextServer> {
  const scratch = mkdtempSync(join(tmpdir(), `trellis-e2e-${label}-`));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const tag = randomBytes(4).toString("hex");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(mode === "next start" ? { NODE_ENV: "production" as const, NEXT_MANUAL_SIG_HANDLE: "true" } : {}),
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    DATABASE_URL: `file:${join(scratch, "app.db")}`,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    APP_URL: baseURL,
    MAILBOX_DIR: join(scratch, "mailbox"),
    SEED_DEMO_DATA: "true",
    // When REDIS_URL is set: streams, limits and queues of their own, as ./app-server.ts gives each app.
    EVENTS_STREAM: `trellis:e2e:${label}:${tag}`,
    RATE_LIMIT_PREFIX: `trellis:e2e:${label}:rate-limit:${tag}`,
    JOBS_QUEUE: `trellis-e2e-${label}-${tag}`,
    ...extraEnv,
  };
  // `next dev` sets development itself, and warns about any other value.
  if (mode === "next dev") Reflect.deleteProperty(env, "NODE_ENV");
  const command = mode === "next start" ? "start" : "dev";
  const child = spawn(process.execPath, [NEXT_BIN, command, "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: WEB_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const gone = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!gone) {
        child.kill("SIGKILL");
        await exited;
      }
    }
    rmSync(scratch, { recursive: true, force: true });
  };

  try {
    await waitUntilAnswering(`${baseURL}/api/health`, child, () => output, mode === "next dev" ? 120_000 : 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL, process: child, exited, output: () => output, stop };
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Next exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`Next did not answer at ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
