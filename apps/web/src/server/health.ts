import type { EventBus } from "@trellis/api/events";
import type { Database } from "@trellis/db";

/** Each check gets this long: a readiness probe must answer before the balancer's own timeout. */
const CHECK_TIMEOUT_MS = 2_000;

/** `GET /api/health`: the process is up and answering. Touches no database, so it says nothing about one. */
export function health() {
  return { status: "ok" as const, uptimeSeconds: Math.round(process.uptime()) };
}

export interface ReadinessBody {
  status: "ready" | "not ready" | "stopping";
  checks: {
    database?: "ok" | "unreachable";
    migrations?: "ok" | "pending" | "unknown";
    /** Present only when REDIS_URL is set. */
    redis?: "ok" | "unreachable";
  };
  /** The migrations the database lacks (tags only), when there are some. */
  pendingMigrations?: string[];
}

export interface ReadinessSources {
  stopping: boolean;
  database: () => Promise<Pick<Database, "pendingMigrations">>;
  /** The event bus, when it is a service of its own (Redis); null in-process. */
  events: (() => Promise<Pick<EventBus, "ping">>) | null;
}

/**
 * `GET /api/ready`: may a load balancer send this instance traffic? Yes when
 * the database answers, has every committed migration, and Redis (when
 * configured) answers; no while the server drains for shutdown. The body
 * names each check's outcome and never an address, a URL or an error message.
 */
export async function readiness(sources: ReadinessSources): Promise<{ ready: boolean; body: ReadinessBody }> {
  if (sources.stopping) return { ready: false, body: { status: "stopping", checks: {} } };

  const [pending, redis] = await Promise.all([
    within(CHECK_TIMEOUT_MS, async () => (await sources.database()).pendingMigrations()),
    sources.events ? within(CHECK_TIMEOUT_MS, async () => (await sources.events?.())?.ping()) : undefined,
  ]);
  const checks: ReadinessBody["checks"] = {
    database: pending.ok ? "ok" : "unreachable",
    migrations: !pending.ok ? "unknown" : pending.value.length === 0 ? "ok" : "pending",
  };
  if (redis) checks.redis = redis.ok ? "ok" : "unreachable";
  const ready = Object.values(checks).every((outcome) => outcome === "ok");
  const body: ReadinessBody = { status: ready ? "ready" : "not ready", checks };
  if (pending.ok && pending.value.length > 0) body.pendingMigrations = pending.value;
  return { ready, body };
}

/** Runs a check; a failure or a hang past `timeoutMs` is just "not ok" (the probe says which, not why). */
async function within<T>(timeoutMs: number, check: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<{ ok: false }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false }), timeoutMs);
  });
  const checked = check().then(
    (value) => ({ ok: true as const, value }),
    () => ({ ok: false as const }),
  );
  try {
    return await Promise.race([checked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
