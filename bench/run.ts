/**
 * `pnpm bench`: the feed, served every way Trellis can serve it, measured in
 * one run on loopback, beside a bare node:http + better-sqlite3 baseline
 * running the same SQL. A benchmark, not a test: the figures depend on the
 * machine; the ratios to the baseline are what carries from one to another.
 *
 *   pnpm bench                      build, seed 10,000 posts and 50,000 likes, measure
 *   BENCH_SECONDS=5 pnpm bench      shorter runs (default 10 s per row)
 *   BENCH_SKIP_BUILD=1 pnpm bench   reuse the last `pnpm build`
 *
 * Prints req/s, p50, p99, the ratio to the baseline and the server's peak RSS
 * per row, and writes bench/results/latest.json.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import autocannon from "autocannon";

import { transformer } from "../packages/api/src/transformer";
import { openDatabase } from "../packages/db/src/index";
import { freePort } from "../scripts/free-port.mjs";
import { ARTIFACT_DIR, ARTIFACT_SERVER } from "../scripts/production-build.mjs";
import { buildLargeSeed } from "./large-seed";

const root = join(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const nextBin = join(root, "apps", "web", "node_modules", "next", "dist", "bin", "next");

if (!process.env.BENCH_SKIP_BUILD) {
  console.log("Building (pnpm build)…");
  execFileSync("pnpm", ["build"], { cwd: root, stdio: "ignore" });
}

const scratch = mkdtempSync(join(tmpdir(), "trellis-bench-"));
const databaseUrl = `file:${join(scratch, "bench.db")}`;
console.log("Seeding 100 users, 10,000 posts, 50,000 likes…");
const database = await openDatabase(databaseUrl);
await database.insertSeed(buildLargeSeed());
await database.close();

interface Running {
  child: ChildProcess;
  port: number;
}

async function start(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
  cwd = root,
): Promise<Running> {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd,
    // SEED_DEMO_DATA: a bench, not a deployment (ADR 028); moot here, as the large seed is in before any server starts.
    env: {
      ...process.env,
      NODE_ENV: "production",
      SEED_DEMO_DATA: "true",
      // The bench reads anonymously from one address as fast as it can: a throughput figure, not a person
      // (RATE_LIMITS.anonymousReadsPerIp would answer most of it 429). The limiter is still consulted per call.
      ANONYMOUS_READS_PER_MINUTE: "1000000000",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${output}`);
    const answered = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (answered) return { child, port };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error(`${name} did not start:\n${output}`);
}

/** The peak resident memory of a process while `during` runs, from /proc (Linux). */
async function peakRss<T>(pid: number | undefined, during: Promise<T>): Promise<{ result: T; rssMb: number | null }> {
  let peak = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      peak = Math.max(peak, Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0));
    } catch {
      // not Linux, or gone
    }
  };
  const timer = setInterval(sample, 250);
  const result = await during;
  clearInterval(timer);
  sample();
  return { result, rssMb: peak ? Math.round(peak / 1024) : null };
}

interface Row {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  rssMb: number | null;
  /** Calls per request: a batch of 5 counts 5. */
  calls: number;
}

async function measure(name: string, server: Running, path: string, calls = 1): Promise<Row> {
  const url = `http://127.0.0.1:${server.port}${path}`;
  const check = await fetch(url);
  if (!check.ok) throw new Error(`${name}: ${url} answered ${check.status}: ${await check.text()}`);
  // Warm up (JIT, caches), then measure, bounded in time.
  await autocannon({ url, connections: CONNECTIONS, duration: 2 });
  const { result, rssMb } = await peakRss(
    server.child.pid,
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS }),
  );
  const row = {
    name,
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    rssMb,
    calls,
  };
  console.log(`  ${name}: ${row.reqPerSec} req/s, p99 ${row.p99} ms`);
  return row;
}

/** A query's `input` parameter in tRPC's wire format (devalue, ADR 019). */
const wire = (input: unknown) => transformer.input.serialize(input);
const feed = `/api/trpc/post.list?input=${encodeURIComponent(JSON.stringify(wire({ limit: 20 })))}`;
const batchOf5 = `/api/trpc/${Array(5).fill("post.list").join(",")}?batch=1&input=${encodeURIComponent(
  JSON.stringify(Object.fromEntries([0, 1, 2, 3, 4].map((i) => [i, wire({ limit: 20 })]))),
)}`;

const rows: Row[] = [];
const servers: Running[] = [];
try {
  console.log(`Measuring, ${CONNECTIONS} connections, ${SECONDS} s per row…`);
  const baseline = await start("baseline", process.execPath, ["--import", "tsx", "bench/servers/baseline-server.ts"]);
  servers.push(baseline);
  rows.push(await measure("bare node:http + better-sqlite3, same SQL", baseline, "/"));
  baseline.child.kill();

  const lean = await start("lean", process.execPath, ["--import", "tsx", "bench/servers/lean-server.ts"]);
  servers.push(lean);
  rows.push(await measure("tRPC, lean handler on node:http", lean, feed));
  rows.push(await measure("tRPC, lean handler, batch of 5", lean, batchOf5, 5));
  lean.child.kill();

  const production = await start(
    "production server",
    process.execPath,
    [ARTIFACT_SERVER],
    {
      AUTH_SECRET: randomBytes(32).toString("base64url"),
    },
    ARTIFACT_DIR,
  );
  servers.push(production);
  rows.push(await measure("tRPC through the production server (lean path)", production, feed));
  rows.push(await measure("tRPC, production server, batch of 5", production, batchOf5, 5));
  production.child.kill();

  const next = await start("next", process.execPath, [nextBin, "start", "apps/web", "--hostname", "127.0.0.1"], {
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
  });
  servers.push(next);
  rows.push(await measure("tRPC through `next start` (stock route handler)", next, feed));
  rows.push(await measure("tRPC through Next, batch of 5", next, batchOf5, 5));
  rows.push(await measure("REST GET /api/v1/posts through Next", next, "/api/v1/posts?limit=20"));
} finally {
  for (const server of servers) server.child.kill();
  rmSync(scratch, { recursive: true, force: true });
}

const base = rows[0]?.reqPerSec ?? 1;
console.log(`\nNode ${process.versions.node}, ${CONNECTIONS} connections, ${SECONDS} s per row, the feed (20 posts)\n`);
console.log(["what", "req/s", "calls/s", "p50 ms", "p99 ms", "× baseline", "peak RSS MB", "errors"].join(" | "));
for (const row of rows) {
  console.log(
    [
      row.name,
      row.reqPerSec,
      row.reqPerSec * row.calls,
      row.p50,
      row.p99,
      `${((100 * row.reqPerSec) / base).toFixed(1)} %`,
      row.rssMb ?? "n/a",
      row.errors,
    ].join(" | "),
  );
}
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(
  join(root, "bench", "results", "latest.json"),
  `${JSON.stringify({ node: process.versions.node, connections: CONNECTIONS, seconds: SECONDS, at: new Date().toISOString(), rows }, null, 2)}\n`,
);
console.log("\nWritten to bench/results/latest.json");
