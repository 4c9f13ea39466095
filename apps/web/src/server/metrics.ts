import type { IncomingMessage, ServerResponse } from "node:http";

import {
  APP_ROUTES,
  createMetrics,
  type Metrics,
  type RouteOf,
  routeTemplates,
  startRequest,
} from "@trellis/server/metrics";
import { settings } from "@trellis/validators/settings";

import { getJobs } from "./jobs";

// One registry per process, whoever starts it (the production server and Next's instrumentation, through
// startServicesOrExit): on globalThis, as Next's bundle has its own copy of this module.
const globalForMetrics = globalThis as typeof globalThis & {
  trellisMetrics?: Promise<{ metrics: Metrics; routeOf: RouteOf } | null>;
  trellisMetricsStarted?: { metrics: Metrics; routeOf: RouteOf } | null;
};

/**
 * Creates this process's metrics when METRICS_TOKEN is set; idempotent. The
 * router and the REST table (for route labels) are imported only then: a
 * start without metrics loads nothing for them (docs/decisions/040).
 */
export function startMetrics(): Promise<unknown> {
  globalForMetrics.trellisMetrics ??= (async () => {
    if (!settings().metricsToken) return null;
    const [{ appRouter }, { restRoutesOf }] = await Promise.all([
      import("@trellis/api"),
      import("@trellis/server/rest"),
    ]);
    const started = {
      metrics: createMetrics({ jobCounts: async () => ({ ...(await (await getJobs()).counts()) }) }),
      routeOf: routeTemplates({ ...APP_ROUTES, rest: restRoutesOf(appRouter) }),
    };
    globalForMetrics.trellisMetricsStarted = started;
    return started;
  })();
  return globalForMetrics.trellisMetrics;
}

/** This process's metrics once started with METRICS_TOKEN set; null (nothing collected) otherwise. */
export function getMetrics(): Metrics | null {
  return globalForMetrics.trellisMetricsStarted?.metrics ?? null;
}

/** For the front door: what records the request once it is answered (with its log line), when metrics are on. */
export function metricsForRequest(req: IncomingMessage): ((res: ServerResponse) => void) | undefined {
  const started = globalForMetrics.trellisMetricsStarted;
  return started ? startRequest(started.metrics, started.routeOf, req) : undefined;
}
