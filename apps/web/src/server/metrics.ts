import type { IncomingMessage, ServerResponse } from "node:http";

import { createMetrics, type Metrics, type RouteOf, routeTemplates, startRequest } from "@trellis/server/metrics";
import { settings } from "@trellis/validators/settings";

import { getJobs } from "./jobs";

/**
 * The app's routes, as metric labels (docs/observability.md): the pages and
 * route handlers under src/app, the REST routes, tRPC as one, Next's assets
 * as two. Anything else is `other`. A new page belongs here; until it is, its
 * requests count under `other`.
 */
export const APP_ROUTES = {
  prefixes: ["/api/trpc", "/_next/static", "/_next/image", "/api/auth"],
  pages: [
    "/",
    "/admin",
    "/forgot-password",
    "/reset-password",
    "/settings",
    "/sign-up",
    "/sign-in",
    "/docs/api",
    "/dev/mailbox",
    "/posts/[id]",
    "/api/admin/exports/[id]",
    "/api/health",
    "/api/ready",
    "/api/metrics",
    "/api/openapi.json",
    "/favicon.ico",
  ],
};

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
