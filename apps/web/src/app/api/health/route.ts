import { REQUEST_ID_HEADER, requestIdFrom } from "@trellis/api/request-id";

import { health } from "@/server/health";

export const dynamic = "force-dynamic";

/** Liveness, for a process supervisor or load balancer: is the process up? (Readiness is /api/ready.) */
export function GET(request: Request): Response {
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  return Response.json(health(), { headers: { [REQUEST_ID_HEADER]: requestId, "cache-control": "no-store" } });
}
