/**
 * `pnpm bench`: the feed, served every way Trellis can serve it, the home
 * page and REST through the production server, and the production server's
 * cold start, measured on loopback beside a bare node:http + better-sqlite3
 * baseline running the same SQL. A benchmark, not a test: the figures depend
 * on the machine; the ratios to the baseline are what carries from one to
 * another.
 *
 *   pnpm bench                      build, seed 10,000 posts and 50,000 likes, measure 3 times
 *   BENCH_SECONDS=5 pnpm bench      shorter rows (default 10 s per row)
 *   BENCH_RUNS=1 pnpm bench         one run instead of 3 (the figures are each row's median over the runs)
 *   BENCH_SKIP_BUILD=1 pnpm bench   reuse the last `pnpm build`
 *   BENCH_NODE=/path/to/node …      run the servers with another Node (builds with it: the artifact
 *                                   holds the SQLite driver of the Node that built it, ADR 030)
 *
 * Every run measures every row, in the same order, so a slow moment of the
 * machine lands on all of them; each figure printed is the median of the
 * runs. Prints req/s, p50, p99, their ratios to the baseline at the same
 * connection count and the server's peak RSS per row, then the cold start
 * (launch to the first 200 on `/`, RSS at rest after it), and writes
 * bench/results/latest.json (latest-node24.json and so on with a BENCH_NODE
 * of another major, so each Node's figures stand beside the other's). A
 * row's `id` is stable: compare runs by it.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { transformer } from "@trellis/api/transformer";
import { hashPassword } from "@trellis/auth";
import { openDatabase } from "@trellis/db";
import autocannon from "autocannon";
import { type LaunchedServer, launchServer, type ServerCommand } from "../scripts/launch-server";
import { ARTIFACT_DIR } from "../scripts/production-build.mjs";
import { buildLargeSeed } from "./large-seed";
import { startOtlpCollector } from "./otlp-collector";
import { BENCH_ENV, positiveFromEnv, signIn, startProductionServer } from "./production-server";

const root = join(import.meta.dirname, "..");
const SECONDS = positiveFromEnv("BENCH_SECONDS", 10);
const RUNS = positiveFromEnv("BENCH_RUNS", 3);
/** The API rows' load: many clients at once. */
const CONNECTIONS = positiveFromEnv("BENCH_CONNECTIONS", 50);
/** The page rows' load: what a person waits for, not a saturated server. */
const PAGE_CONNECTIONS = 10;
/** How long the cold start's server idles after its first answer before its RSS is read ("at rest"). */
const REST_AFTER_MS = 2_000;
const NODE = process.env.BENCH_NODE ?? process.execPath;
const nodeVersion = execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim().replace(/^v/, "");
const nodeMajor = Number(nodeVersion.split(".")[0]);
const RESULTS_FILE =
  nodeMajor === Number(process.versions.node.split(".")[0]) ? "latest.json" : `latest-node${nodeMajor}.json`;

if (!process.env.BENCH_SKIP_BUILD) {
  console.log(`Building (pnpm build) with Node ${nodeVersion}…`);
  // The Node on PATH builds: the artifact holds the SQLite driver for the Node that built it.
  const path = `${dirname(NODE)}:${process.env.PATH ?? ""}`;
  execFileSync("pnpm", ["build"], { cwd: root, stdio: "ignore", env: { ...process.env, PATH: path } });
}
// packages/db/src/sqlite/driver.ts picks better-sqlite3 by Node major; the build copied only its own Node's.
const driver = nodeMajor >= 22 ? "better-sqlite3-node22" : "better-sqlite3";
if (!existsSync(join(ARTIFACT_DIR, "packages", "db", "node_modules", driver))) {
  console.error(
    `The build in dist/trellis was made by another Node major than ${nodeVersion}: run without BENCH_SKIP_BUILD ` +
      "(and `pnpm install` with that Node first, which installs its SQLite driver).",
  );
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), "trellis-bench-"));
const databaseUrl = `file:${join(scratch, "bench.db")}`;
// One bench user signs in with a password (the large seed's users have none): random, per bench.
const seed = buildLargeSeed();
const [reader] = seed.users;
if (!reader) throw new Error("the large seed has users");
const readerEmail = reader.email;
const readerPassword = randomBytes(18).toString("base64url");
console.log("Seeding 100 users, 10,000 posts, 50,000 likes…");
const database = await openDatabase(databaseUrl);
await database.insertSeed({
  ...seed,
  accounts: [
    {
      userId: reader.id,
      provider: "credentials",
      providerAccountId: reader.email,
      passwordHash: await hashPassword(readerPassword),
    },
  ],
});
await database.close();

/**
 * A server of the bench over the seeded file, ready once it answers `/` at all (the lean server has no
 * page there). The production server is started as the other benches start it (startProductionServer).
 */
const startBenchServer = (name: string, command: ServerCommand) =>
  launchServer({
    label: `bench-${name}`,
    command,
    database: { url: databaseUrl },
    env: BENCH_ENV,
    anyAnswer: true,
    stopGraceMs: 10_000,
    node: NODE,
  });

/** A process's resident memory now, in MB, from /proc (Linux); null elsewhere. */
function rssOf(pid: number | undefined): number | null {
  try {
    const kb = Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    return kb ? Math.round(kb / 1024) : null;
  } catch {
    return null; // not Linux, or gone
  }
}

/** The peak resident memory of a process while `during` runs. */
async function peakRss<T>(pid: number | undefined, during: Promise<T>): Promise<{ result: T; rssMb: number | null }> {
  let peak: number | null = null;
  const sample = () => {
    const now = rssOf(pid);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  };
  const timer = setInterval(sample, 250);
  const result = await during;
  clearInterval(timer);
  sample();
  return { result, rssMb: peak };
}

interface Row {
  /** Stable across runs and versions of this script: what latest.json is compared by. */
  id: string;
  name: string;
  connections: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  rssMb: number | null;
  /** Calls per request: a batch of 5 counts 5. */
  calls: number;
}

interface Load {
  id: string;
  name: string;
  path: string;
  calls?: number;
  connections?: number;
  headers?: Record<string, string>;
}

async function measure(server: LaunchedServer, load: Load): Promise<Row> {
  const { id, name, path, calls = 1, connections = CONNECTIONS, headers = {} } = load;
  const url = `${server.baseURL}${path}`;
  const check = await fetch(url, { headers });
  if (!check.ok) throw new Error(`${name}: ${url} answered ${check.status}: ${await check.text()}`);
  // Warm up (JIT, caches), then measure, bounded in time.
  await autocannon({ url, connections, duration: 2, headers });
  const { result, rssMb } = await peakRss(
    server.process.pid,
    autocannon({ url, connections, duration: SECONDS, headers }),
  );
  const row = {
    id,
    name,
    connections,
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    rssMb,
    calls,
  };
  console.log(`  ${name}: ${row.reqPerSec} req/s, p99 ${row.p99} ms, ${connections} connections`);
  return row;
}

/** A query's `input` parameter in tRPC's wire format (devalue, ADR 019). */
const wire = (input: unknown) => transformer.input.serialize(input);
const feed = `/api/trpc/post.list?input=${encodeURIComponent(JSON.stringify(wire({ limit: 20 })))}`;
const batchOf5 = `/api/trpc/${Array(5).fill("post.list").join(",")}?batch=1&input=${encodeURIComponent(
  JSON.stringify(Object.fromEntries([0, 1, 2, 3, 4].map((i) => [i, wire({ limit: 20 })]))),
)}`;

interface ColdStart {
  /** From spawning `node dist/trellis/server.mjs` to its first 200 on `/` (a whole page render). */
  firstOkMs: number;
  /** Its RSS REST_AFTER_MS after that first answer, before any load. */
  restRssMb: number | null;
}

/** One run: every row, in order, each server started and stopped in turn. */
async function run(servers: LaunchedServer[]): Promise<{ rows: Row[]; coldStart: ColdStart }> {
  const rows: Row[] = [];
  const baseline = await startBenchServer("baseline", { tsx: "bench/servers/baseline-server.ts" });
  servers.push(baseline);
  const bare = "bare node:http + better-sqlite3, same SQL";
  rows.push(await measure(baseline, { id: "baseline", name: bare, path: "/" }));
  rows.push(
    await measure(baseline, {
      id: "baseline-10",
      name: `${bare}, ${PAGE_CONNECTIONS} connections`,
      path: "/",
      connections: PAGE_CONNECTIONS,
    }),
  );
  await baseline.stop();

  const lean = await startBenchServer("lean", { tsx: "bench/servers/lean-server.ts" });
  servers.push(lean);
  rows.push(await measure(lean, { id: "lean-feed", name: "tRPC, lean handler on node:http", path: feed }));
  rows.push(
    await measure(lean, { id: "lean-batch", name: "tRPC, lean handler, batch of 5", path: batchOf5, calls: 5 }),
  );
  await lean.stop();

  // The cold start: launch to the first whole page, polled often; then the same server, at rest, then under load.
  const launchedAt = performance.now();
  const production = await startProductionServer({
    databaseUrl,
    authSecret: randomBytes(32).toString("base64url"),
    node: NODE,
    pollMs: 10,
  });
  const firstOkMs = Math.round(performance.now() - launchedAt);
  servers.push(production);
  await sleep(REST_AFTER_MS);
  const coldStart = { firstOkMs, restRssMb: rssOf(production.process.pid) };
  console.log(`  production server: first 200 on / after ${firstOkMs} ms, ${coldStart.restRssMb} MB at rest`);
  const session = await signIn(production.baseURL, readerEmail, readerPassword);
  rows.push(
    await measure(production, {
      id: "production-feed",
      name: "tRPC through the production server (lean path)",
      path: feed,
    }),
  );
  rows.push(
    await measure(production, {
      id: "production-batch",
      name: "tRPC, production server, batch of 5",
      path: batchOf5,
      calls: 5,
    }),
  );
  rows.push(
    await measure(production, {
      id: "production-rest",
      name: "REST GET /api/v1/posts?limit=20, production server",
      path: "/api/v1/posts?limit=20",
    }),
  );
  rows.push(
    await measure(production, {
      id: "production-home",
      name: "home page /, signed out, production server",
      path: "/",
      connections: PAGE_CONNECTIONS,
    }),
  );
  rows.push(
    await measure(production, {
      id: "production-home-signed-in",
      name: "home page /, signed in, production server",
      path: "/",
      connections: PAGE_CONNECTIONS,
      headers: { cookie: session },
    }),
  );
  await production.stop();

  // The same server with metrics and tracing on, every span sent to a collector in this process (ADR 049).
  // METRICS_TOKEN turns metrics on where they exist, and is an unknown variable, ignored, where they do not.
  const collector = await startOtlpCollector();
  const traced = await startProductionServer({
    databaseUrl,
    authSecret: randomBytes(32).toString("base64url"),
    node: NODE,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, METRICS_TOKEN: randomBytes(18).toString("base64url") },
  });
  servers.push(traced);
  rows.push(
    await measure(traced, {
      id: "production-feed-traced",
      name: "tRPC through the production server, metrics and tracing on (OTLP to a local collector)",
      path: feed,
    }),
  );
  await traced.stop();
  await collector.close();
  console.log(`  the collector received ${collector.spans()} spans`);

  const next = await startBenchServer("next", "next start");
  servers.push(next);
  rows.push(
    await measure(next, { id: "next-feed", name: "tRPC through `next start` (stock route handler)", path: feed }),
  );
  rows.push(await measure(next, { id: "next-batch", name: "tRPC through Next, batch of 5", path: batchOf5, calls: 5 }));
  rows.push(
    await measure(next, {
      id: "next-rest",
      name: "REST GET /api/v1/posts?limit=20 through Next",
      path: "/api/v1/posts?limit=20",
    }),
  );
  await next.stop();
  return { rows, coldStart };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const medianOrNull = (values: (number | null)[]): number | null => {
  const known = values.filter((value): value is number => value !== null);
  return known.length > 0 ? Math.round(median(known)) : null;
};

const runs: { rows: Row[]; coldStart: ColdStart }[] = [];
const servers: LaunchedServer[] = [];
try {
  for (let i = 1; i <= RUNS; i++) {
    console.log(`Run ${i} of ${RUNS}: Node ${nodeVersion}, ${SECONDS} s per row…`);
    runs.push(await run(servers));
  }
} finally {
  for (const server of servers) await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}

// Each figure: its median over the runs (each column on its own); errors: all the runs'.
const rows: Row[] = (runs[0]?.rows ?? []).map((first) => {
  const all = runs.map(({ rows }) => rows.find((row) => row.id === first.id) ?? first);
  return {
    ...first,
    reqPerSec: Math.round(median(all.map((row) => row.reqPerSec))),
    p50: median(all.map((row) => row.p50)),
    p99: median(all.map((row) => row.p99)),
    errors: all.reduce((sum, row) => sum + row.errors, 0),
    rssMb: medianOrNull(all.map((row) => row.rssMb)),
  };
});
const coldStart = {
  firstOkMs: Math.round(median(runs.map((run) => run.coldStart.firstOkMs))),
  restRssMb: medianOrNull(runs.map((run) => run.coldStart.restRssMb)),
};
const productionPeakRssMb = medianOrNull(
  runs.map(({ rows }) =>
    Math.max(...rows.filter((row) => row.id.startsWith("production-")).map((row) => row.rssMb ?? 0)),
  ),
);

/** The baseline at a row's own connection count: ratios compare like with like. */
const baselineFor = (row: Row) =>
  rows.find((other) => other.id.startsWith("baseline") && other.connections === row.connections) ?? rows[0];
const percent = (part: number, whole: number | undefined) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : "n/a");
const times = (part: number, whole: number | undefined) => (whole ? `${(part / whole).toFixed(1)}×` : "n/a");

console.log(
  `\nNode ${nodeVersion}, median of ${RUNS} run${RUNS > 1 ? "s" : ""}, ${SECONDS} s per row; the feed is 20 posts\n`,
);
console.log(
  [
    "id",
    "what",
    "conns",
    "req/s",
    "calls/s",
    "p50 ms",
    "p99 ms",
    "req/s × baseline",
    "p99 × baseline",
    "peak RSS MB",
    "errors",
  ].join(" | "),
);
for (const row of rows) {
  const baseline = baselineFor(row);
  console.log(
    [
      row.id,
      row.name,
      row.connections,
      row.reqPerSec,
      row.reqPerSec * row.calls,
      row.p50,
      row.p99,
      percent(row.reqPerSec, baseline?.reqPerSec),
      times(row.p99, baseline?.p99),
      row.rssMb ?? "n/a",
      row.errors,
    ].join(" | "),
  );
}
console.log(
  `\nProduction server cold start: first 200 on / after ${coldStart.firstOkMs} ms ` +
    `(runs: ${runs.map((run) => run.coldStart.firstOkMs).join(", ")}), ` +
    `${coldStart.restRssMb ?? "n/a"} MB at rest (runs: ${runs.map((run) => run.coldStart.restRssMb ?? "n/a").join(", ")}), ` +
    `${productionPeakRssMb ?? "n/a"} MB at its peak under the bench`,
);
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(
  join(root, "bench", "results", RESULTS_FILE),
  `${JSON.stringify(
    {
      node: nodeVersion,
      connections: CONNECTIONS,
      pageConnections: PAGE_CONNECTIONS,
      seconds: SECONDS,
      runs: RUNS,
      at: new Date().toISOString(),
      rows,
      coldStart: { ...coldStart, productionPeakRssMb, restAfterMs: REST_AFTER_MS },
      perRun: runs,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nWritten to bench/results/${RESULTS_FILE}`);
