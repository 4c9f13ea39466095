/**
 * `pnpm bench:observability`: what metrics and tracing cost the production
 * server, as three variants of one server over one seeded file, measured in
 * alternation so a slow moment of the machine lands on all of them:
 *
 *   off       neither (the default start)
 *   metrics   METRICS_TOKEN set: every request, procedure call and SQL
 *             statement observed into prom-client's registry
 *   traced    metrics and OTEL_EXPORTER_OTLP_ENDPOINT set: every span
 *             exported to a collector in this process (./otlp-collector.ts)
 *
 * The load is the feed's tRPC read (`post.list`, 20 posts with their
 * authors and counts) at 50 connections on loopback. Prints each variant's
 * median req/s, p50 and p99 over the rounds, and its change against `off`.
 * A benchmark, not a test: figures depend on the machine.
 *
 *   pnpm bench:observability                 uses the last `pnpm build`
 *   BENCH_ROUNDS=5 BENCH_SECONDS=10 …        more, longer rounds (defaults 3 and 6 s)
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformer } from "@trellis/api/transformer";
import { openDatabase } from "@trellis/db";
import autocannon from "autocannon";

import { buildLargeSeed } from "./large-seed";
import { startOtlpCollector } from "./otlp-collector";
import { positiveFromEnv, requireBuild, startProductionServer } from "./production-server";

const ROUNDS = positiveFromEnv("BENCH_ROUNDS", 3);
const SECONDS = positiveFromEnv("BENCH_SECONDS", 6);
const CONNECTIONS = 50;

requireBuild("bench:observability");

const scratch = mkdtempSync(join(tmpdir(), "trellis-bench-observability-"));
const databaseUrl = `file:${join(scratch, "bench.db")}`;
console.log("Seeding 100 users, 10,000 posts, 50,000 likes…");
const database = await openDatabase(databaseUrl);
await database.insertSeed(buildLargeSeed());
await database.close();

const feed = `/api/trpc/post.list?input=${encodeURIComponent(JSON.stringify(transformer.input.serialize({ limit: 20 })))}`;
const collector = await startOtlpCollector();
const metricsToken = randomBytes(18).toString("base64url");
const variants = {
  off: {},
  metrics: { METRICS_TOKEN: metricsToken },
  traced: { METRICS_TOKEN: metricsToken, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
} satisfies Record<string, Record<string, string>>;
type Variant = keyof typeof variants;

interface Sample {
  reqPerSec: number;
  p50: number;
  p99: number;
}
const samples: Record<Variant, Sample[]> = { off: [], metrics: [], traced: [] };
const authSecret = randomBytes(32).toString("base64url");

try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of Object.keys(variants) as Variant[]) {
      const server = await startProductionServer({ databaseUrl, authSecret, env: variants[variant] });
      try {
        const url = `${server.baseURL}${feed}`;
        const check = await fetch(url);
        if (!check.ok) throw new Error(`${variant}: ${url} answered ${check.status}`);
        await autocannon({ url, connections: CONNECTIONS, duration: 2 }); // warm-up: JIT, caches
        const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
        const errors = result.errors + result.timeouts + result.non2xx;
        if (errors > 0) throw new Error(`${variant}: ${errors} failed requests`);
        const sample = {
          reqPerSec: Math.round(result.requests.average),
          p50: result.latency.p50,
          p99: result.latency.p99,
        };
        samples[variant].push(sample);
        console.log(
          `  round ${round}, ${variant}: ${sample.reqPerSec} req/s, p50 ${sample.p50} ms, p99 ${sample.p99} ms`,
        );
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  await collector.close();
  rmSync(scratch, { recursive: true, force: true });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const summary = (variant: Variant) => ({
  reqPerSec: median(samples[variant].map((sample) => sample.reqPerSec)),
  p50: median(samples[variant].map((sample) => sample.p50)),
  p99: median(samples[variant].map((sample) => sample.p99)),
});
const off = summary("off");
const change = (value: number, base: number) =>
  `${value >= base ? "+" : ""}${(((value - base) / base) * 100).toFixed(1)} %`;

console.log(`\nMedians of ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, the feed's tRPC read:`);
for (const variant of Object.keys(variants) as Variant[]) {
  const { reqPerSec, p50, p99 } = summary(variant);
  const against = variant === "off" ? "" : ` (req/s ${change(reqPerSec, off.reqPerSec)}, p99 ${change(p99, off.p99)})`;
  console.log(`  ${variant.padEnd(8)} ${reqPerSec} req/s, p50 ${p50} ms, p99 ${p99} ms${against}`);
}
console.log(`  the collector received ${collector.spans()} spans`);
