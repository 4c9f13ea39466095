import { answerMetrics } from "@trellis/server/metrics";
import { settings } from "@trellis/validators/settings";

import { getMetrics } from "@/server/metrics";

export const dynamic = "force-dynamic";

/** Prometheus' scrape, under `next start` and `next dev`; the production server answers it before Next (server.ts). */
export function GET(request: Request): Promise<Response> {
  return answerMetrics(request, { token: settings().metricsToken, metrics: getMetrics() });
}
