import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { get, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { transformer } from "@trellis/api/transformer";
import { createSqliteDatabase, sqlitePath } from "@trellis/db/sqlite/client";
import { freePort } from "../../scripts/free-port.mjs";
import { startAppServer } from "./app-server";
import { expect, test } from "./fixtures";

/**
 * What operations see of the production server (apps/web/server.ts): health
 * and readiness for a load balancer, request ids, its log, and a graceful stop.
 */

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The server's JSON log lines so far (NODE_ENV=production logs JSON, one object a line). */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test.describe("health and readiness", () => {
  test("GET /api/health: 200 while the process runs", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", uptimeSeconds: expect.any(Number) });
    expect(response.headers()["cache-control"]).toBe("no-store");
  });

  test("GET /api/ready: 200 with each check, and nothing about where the services are", async ({ request }) => {
    const response = await request.get("/api/ready");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      status: "ready",
      checks: { database: "ok", migrations: "ok", ...(process.env.REDIS_URL ? { redis: "ok" } : {}) },
    });
    expect(JSON.stringify(body)).not.toMatch(/postgres|redis:|file:|\.db/);
  });
});

test.describe("request ids", () => {
  test("every answer echoes a sane X-Request-Id: lean tRPC, REST, a page, Auth.js, health", async ({ request }) => {
    for (const path of ["/api/trpc/account.me", "/api/v1/me", "/", "/api/auth/csrf", "/api/ready"]) {
      const response = await request.get(path, { headers: { "x-request-id": "lb-4f2a:9.z_" } });
      expect(response.headers()["x-request-id"], path).toBe("lb-4f2a:9.z_");
    }
  });

  test("an id unfit to echo is replaced by a fresh one; none sent, one made", async ({ request }) => {
    const junk = await request.get("/api/health", { headers: { "x-request-id": `${"x".repeat(200)}` } });
    expect(junk.headers()["x-request-id"]).toMatch(uuid);
    const none = await request.get("/api/v1/me");
    expect(none.headers()["x-request-id"]).toMatch(uuid);
  });
});

test("the log: one line per request and per procedure call, with request id and user, and no secrets", async ({
  app,
  page,
  user,
}) => {
  const me = await (await page.request.get("/api/v1/me")).json();
  const lean = await page.request.get("/api/trpc/account.me", { headers: { "x-request-id": "e2e-lean-1" } });
  expect(lean.status()).toBe(200);
  const rest = await page.request.get("/api/v1/me", { headers: { "x-request-id": "e2e-rest-1" } });
  expect(rest.status()).toBe(200);

  await expect(async () => {
    const lines = logLines(app.output());
    // The lean tRPC path: the request's line and the procedure's.
    expect(lines.filter((line) => line.requestId === "e2e-lean-1")).toEqual([
      expect.objectContaining({ path: "account.me", type: "query", outcome: "ok", userId: me.id }),
      expect.objectContaining({
        method: "GET",
        path: "/api/trpc/account.me",
        status: 200,
        userId: me.id,
        durationMs: expect.any(Number),
      }),
    ]);
    // Through Next (REST): the same two lines, the viewer found by Next's handler.
    expect(lines.filter((line) => line.requestId === "e2e-rest-1")).toEqual([
      expect.objectContaining({ path: "account.me", type: "query", outcome: "ok", userId: me.id }),
      expect.objectContaining({ method: "GET", path: "/api/v1/me", status: 200, userId: me.id }),
    ]);
  }).toPass({ timeout: 5_000 });
  // The sign-up and sign-in behind the `user` fixture sent the password: the log never shows it.
  expect(app.output()).not.toContain(user.password);
});

/**
 * The live subscriptions whose streams SIGTERM must close (the demo's feed, while the app has it). With none,
 * the drain is checked on the request in flight, the listener and the database.
 */
const LIVE_SUBSCRIPTIONS: string[] = ["post.onCreated"];

/** Opens a live stream (SSE) of `procedure` and reads its first event; `ended` settles with the time it ended or was cut. */
async function openStream(baseURL: string, procedure: string): Promise<{ ended: Promise<number> }> {
  const input = encodeURIComponent(JSON.stringify(transformer.input.serialize({})));
  const stream = await fetch(`${baseURL}/api/trpc/${procedure}?input=${input}`, {
    headers: { accept: "text/event-stream" },
  });
  expect(stream.headers.get("content-type"), procedure).toContain("text/event-stream");
  const reader = stream.body?.getReader();
  if (!reader) throw new Error(`no stream body: ${procedure}`);
  await reader.read(); // the first event: connected
  const ended = (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // Cut mid-stream: what an EventSource reconnects after.
    }
    return Date.now();
  })();
  return { ended };
}

test("SIGTERM: new connections refused, live streams closed, requests in flight finished, exit 0, database intact", async () => {
  test.setTimeout(90_000); // it starts an app of its own as well
  const shutdownTimeoutMs = 5_000;
  const app = await startAppServer("shutdown", undefined, { SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) });
  try {
    // The live subscriptions (SSE, served by Next's stock tRPC handler), open until the server closes them.
    const streams = await Promise.all(LIVE_SUBSCRIPTIONS.map((procedure) => openStream(app.baseURL, procedure)));

    // A request in flight: its body arrives in two parts, the second after SIGTERM. An anonymous write to
    // the account, so its whole answer is a 401 once the body is in.
    const body = JSON.stringify(transformer.input.serialize({ name: "Half sent" }));
    let sendRest!: () => void;
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const post = httpRequest(
        `${app.baseURL}/api/trpc/account.updateProfile`,
        {
          method: "POST",
          agent: false,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          let text = "";
          response.on("data", (chunk) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      post.on("error", reject);
      post.write(body.slice(0, 10));
      sendRest = () => post.end(body.slice(10));
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // let the server receive both

    const signalled = Date.now();
    app.process.kill("SIGTERM");
    await expect(() => expect(app.output()).toContain("SIGTERM: draining")).toPass({ timeout: 5_000 });
    expect(logLines(app.output()).find((line) => line.msg === "SIGTERM: draining")).toMatchObject({
      inFlight: LIVE_SUBSCRIPTIONS.length + 1,
    });

    // The listener is closed: a new connection is refused.
    const refused = await new Promise<string>((resolve) => {
      get(`${app.baseURL}/api/health`, { agent: false }, () => resolve("answered")).on("error", (error) =>
        resolve((error as NodeJS.ErrnoException).code ?? error.message),
      );
    });
    expect(refused).toBe("ECONNREFUSED");

    // Every live stream was closed at once, long before the drain's bound.
    for (const { ended } of streams) expect((await ended) - signalled).toBeLessThan(3_000);

    // The request in flight still gets its whole answer (anonymous: a 401, in the app's wire format).
    sendRest();
    const answered = await inFlight;
    expect(answered.status).toBe(401);
    expect(transformer.output.deserialize(JSON.parse(answered.body).error)).toMatchObject({
      data: { code: "UNAUTHORIZED", requestId: expect.any(String) },
    });

    expect(await app.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(shutdownTimeoutMs + 5_000);
    const closing = logLines(app.output()).map((line) => line.msg);
    expect(closing).toEqual(expect.arrayContaining(["event bus closed", "database closed", "stopped"]));

    if (app.shared.databaseUrl.startsWith("file:")) {
      // Closed cleanly, SQLite folded its write-ahead log into the file and removed it.
      const file = sqlitePath(app.shared.databaseUrl);
      expect(existsSync(`${file}-wal`)).toBe(false);
      const database = createSqliteDatabase(app.shared.databaseUrl);
      try {
        expect(database.client.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(await database.pendingMigrations()).toEqual([]);
        expect(await database.isEmpty()).toBe(false);
      } finally {
        await database.close();
      }
    }
  } finally {
    await app.stop();
  }
});

/** The pids of `pid`'s children, read from /proc (Linux): what `pgrep -P` prints. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": the name may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return children;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `pid` and everything below it, depth first. */
function processTree(pid: number): number[] {
  return [pid, ...childrenOf(pid).flatMap(processTree)];
}

test("SIGTERM to `pnpm start` reaches the server: it drains, pnpm exits 0, no server is left behind", async () => {
  test.skip(process.platform !== "linux", "reads the process tree from /proc");
  test.setTimeout(90_000);
  const root = join(import.meta.dirname, "..", "..");
  const scratch = mkdtempSync(join(tmpdir(), "trellis-e2e-pnpm-start-"));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const pnpm = spawn("pnpm", ["start"], {
    cwd: root,
    env: {
      ...process.env,
      // The start script sets production itself, whatever the operator's shell has.
      NODE_ENV: "development",
      PORT: String(port),
      DATABASE_URL: `file:${join(scratch, "app.db")}`,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      APP_URL: baseURL,
      MAILBOX_DIR: join(scratch, "mailbox"),
      SHUTDOWN_TIMEOUT_MS: "5000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  pnpm.stdout.on("data", (chunk) => (output += chunk));
  pnpm.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => pnpm.once("exit", (code) => resolve(code)));
  const pnpmPid = pnpm.pid;
  if (pnpmPid === undefined) throw new Error("pnpm did not start");

  let serverPid: number | undefined;
  try {
    await expect(async () => {
      expect(pnpm.exitCode, output).toBeNull();
      expect((await fetch(`${baseURL}/api/health`)).status).toBe(200);
    }).toPass({ timeout: 60_000 });
    // The deepest process running the bundle: node itself, not a shell whose command line names it.
    serverPid = processTree(pnpmPid)
      .filter((pid) => commandOf(pid).includes("dist/trellis/server.mjs"))
      .at(-1);
    expect(serverPid, "the node server, somewhere below pnpm").toBeDefined();
    expect(readFileSync(`/proc/${serverPid}/environ`, "utf8").split("\0")).toContain("NODE_ENV=production");
    expect(logLines(output).find((line) => String(line.msg).startsWith("Trellis is serving"))).toBeDefined();

    // A request in flight when the signal comes: its body's second half is sent after it. An anonymous
    // write to the account, so its whole answer is a 401 once the body is in.
    const body = JSON.stringify(transformer.input.serialize({ name: "Half sent" }));
    let sendRest!: () => void;
    const inFlight = new Promise<number>((resolve, reject) => {
      const post = httpRequest(
        `${baseURL}/api/trpc/account.updateProfile`,
        {
          method: "POST",
          agent: false,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        },
      );
      post.on("error", reject);
      post.write(body.slice(0, 10));
      sendRest = () => post.end(body.slice(10));
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    // Exactly what an operator (or a container runtime, pnpm being PID 1) stops: the pnpm process.
    process.kill(pnpmPid, "SIGTERM");
    await expect(() => expect(output).toContain("SIGTERM: draining")).toPass({ timeout: 5_000 });
    sendRest();
    expect(await inFlight).toBe(401);

    expect(await exited, output).toBe(0);
    expect(logLines(output).map((line) => line.msg)).toContain("stopped");
    expect(isAlive(serverPid ?? 0), "the node server is gone").toBe(false);
    const answered = await fetch(`${baseURL}/api/health`).then(
      () => "answered",
      () => "refused",
    );
    expect(answered).toBe("refused");
  } finally {
    // Whatever failed, leave nothing running: this test's own processes, by pid.
    for (const pid of [serverPid, pnpmPid]) if (pid !== undefined && isAlive(pid)) process.kill(pid, "SIGKILL");
    rmSync(scratch, { recursive: true, force: true });
  }
});
