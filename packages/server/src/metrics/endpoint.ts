import { createHash, timingSafeEqual } from "node:crypto";

import type { Metrics } from "./registry";

export const METRICS_PATH = "/api/metrics";

const NEVER_CACHED = { "cache-control": "no-store" };

/** Compares digests, which have one length: timingSafeEqual says nothing of where, or whether, the lengths differ. */
function sameToken(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * `GET /api/metrics`, the same answer under every server: 404 when
 * METRICS_TOKEN is unset (metrics are off and nothing was collected); 401
 * with `WWW-Authenticate: Bearer` unless the request presents
 * `Authorization: Bearer <METRICS_TOKEN>`; else this process's metrics in
 * Prometheus' text format. Never cached; not in the OpenAPI document (it is
 * for Prometheus, not for API clients).
 */
export async function answerMetrics(
  request: Request,
  { token, metrics }: { token: string | undefined; metrics: Metrics | null },
): Promise<Response> {
  if (!token || !metrics) return new Response("Not found", { status: 404, headers: NEVER_CACHED });
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("Method not allowed", { status: 405, headers: { ...NEVER_CACHED, allow: "GET, HEAD" } });
  }
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!presented || !sameToken(presented, token)) {
    return new Response("Unauthorized", {
      status: 401,
      headers: { ...NEVER_CACHED, "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const body = await metrics.registry.metrics();
  return new Response(request.method === "HEAD" ? null : body, {
    status: 200,
    headers: { ...NEVER_CACHED, "content-type": metrics.registry.contentType },
  });
}
