import { readFileSync } from "node:fs";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { createMetrics } from "./registry";

/**
 * The Grafana dashboard (docs/observability/trellis-dashboard.json) queries
 * only metrics a scrape has: rename one here and this fails until the
 * dashboard follows.
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
const metrics = createMetrics();
afterAll(() => metrics.close());

/** The metric names a PromQL expression reads: `name{` or `name[`, never a function or a label. */
function metricNamesIn(expr: string): string[] {
  return [...expr.matchAll(/\b([a-z_][a-z0-9_]*)\s*(?=\{|\[)/g)].map((match) => match[1] ?? "");
}

describe("the Grafana dashboard", () => {
  const queried = dashboard.panels.filter((panel) => panel.type !== "row");

  it("reads its Prometheus from the ${DS_PROMETHEUS} input in every panel", () => {
    expect(queried.length).toBeGreaterThan(10);
    for (const panel of queried) expect(panel.datasource?.uid, panel.title).toBe("${DS_PROMETHEUS}");
  });

  it("queries only metrics a scrape exposes", async () => {
    const scraped = await metrics.registry.getMetricsAsJSON();
    const exposed = new Set(
      scraped.flatMap(({ name, type }) =>
        String(type) === "histogram" ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name],
      ),
    );
    const names = queried.flatMap((panel) => (panel.targets ?? []).flatMap((target) => metricNamesIn(target.expr)));
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) expect(exposed, `${name} is not in a scrape`).toContain(name);
  });
});
