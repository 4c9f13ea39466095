import { readFileSync } from "node:fs";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { createMetrics } from "./registry";

/**
 * The Grafana dashboard (docs/observability/trellis-dashboard.json) and the
 * alert rules in docs/observability.md query only metrics a scrape has:
 * rename one here and this fails until the dashboard and the rules follow.
 */

const dashboardPath = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "..",
  "docs",
  "observability",
  "trellis-dashboard.json",
);

interface Panel {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(dashboardPath, "utf8")) as { panels: Panel[] };
const guide = readFileSync(join(dashboardPath, "..", "..", "observability.md"), "utf8");
const metrics = createMetrics();
afterAll(() => metrics.close());

/** The metric names a PromQL expression reads: `name{` or `name[`, never a function or a label, and any of ours bare. */
function metricNamesIn(expr: string): string[] {
  const selected = [...expr.matchAll(/\b([a-z_][a-z0-9_]*)\s*(?=\{|\[)/g)].map((match) => match[1] ?? "");
  const bare = [...expr.matchAll(/\b((?:trellis|process|nodejs)_[a-z0-9_]+)/g)].map((match) => match[1] ?? "");
  return [...new Set([...selected, ...bare])];
}

/** Prometheus's own series about a target (`up`) and the blackbox exporter's: not in our scrape. */
const notOurs = new Set(["up", "probe_success"]);

/** The `expr:` of each rule in the guide's alerts (its yaml block with `groups:`), one-line or `|` block. */
function alertExpressions(markdown: string): string[] {
  const block = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? "")
    .find((yaml) => yaml.includes("groups:"));
  if (!block) return [];
  return [...block.matchAll(/expr: (?:\|\n)?([\s\S]*?)(?=\n\s+(?:for|annotations|labels):|\n\s+- alert:|$)/g)].map(
    (match) => match[1] ?? "",
  );
}

async function exposedNames(): Promise<Set<string>> {
  const scraped = await metrics.registry.getMetricsAsJSON();
  return new Set(
    scraped.flatMap(({ name, type }) =>
      String(type) === "histogram" ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name],
    ),
  );
}

describe("the Grafana dashboard", () => {
  const queried = dashboard.panels.filter((panel) => panel.type !== "row");

  // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's input placeholder, written literally in the dashboard
  const prometheusInput = "${DS_PROMETHEUS}";

  it("reads its Prometheus from the dashboard's DS_PROMETHEUS input in every panel", () => {
    expect(queried.length).toBeGreaterThan(10);
    for (const panel of queried) expect(panel.datasource?.uid, panel.title).toBe(prometheusInput);
  });

  it("queries only metrics a scrape exposes", async () => {
    const exposed = await exposedNames();
    const names = queried.flatMap((panel) => (panel.targets ?? []).flatMap((target) => metricNamesIn(target.expr)));
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) expect(exposed, `${name} is not in a scrape`).toContain(name);
  });
});

describe("the alert rules in docs/observability.md", () => {
  it("query only metrics a scrape exposes", async () => {
    const exposed = await exposedNames();
    const expressions = alertExpressions(guide);
    expect(expressions.length).toBeGreaterThanOrEqual(5);
    const names = expressions.flatMap(metricNamesIn).filter((name) => !notOurs.has(name));
    expect(names).toContain("trellis_job_failures_total");
    expect(names).toContain("trellis_http_request_duration_seconds_bucket");
    for (const name of names) expect(exposed, `${name} is not in a scrape`).toContain(name);
  });
});
