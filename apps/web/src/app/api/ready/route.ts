import { REQUEST_ID_HEADER, requestIdFrom } from "@trellis/api/request-id";
import { settings } from "@trellis/validators/settings";

import { getDatabase } from "@/server/db";
import { getEvents } from "@/server/events";
import { readiness } from "@/server/health";
import { isShuttingDown } from "@/server/shutdown";

export const dynamic = "force-dynamic";

/** Readiness, for a load balancer: 200 when this instance can serve (database, migrations, Redis), else 503. */
export async function GET(request: Request): Promise<Response> {
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const { ready, body } = await readiness({
    stopping: isShuttingDown(),
    database: getDatabase,
    events: settings().redisUrl ? getEvents : null,
  });
  return Response.json(body, {
    status: ready ? 200 : 503,
    headers: { [REQUEST_ID_HEADER]: requestId, "cache-control": "no-store" },
  });
}
