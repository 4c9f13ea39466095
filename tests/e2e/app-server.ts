import { type LaunchedServer, launchServer, type RedisNames, redisNamesFor } from "../../scripts/launch-server";

/**
 * Every test that needs a person signs one up, all from 127.0.0.1: a worker's
 * server allows far more sign-ups per address than the 30 an hour a real one
 * does (SIGN_UPS_PER_HOUR), or the suite's length would decide when it fails.
 */
const E2E_ENV = { SIGN_UPS_PER_HOUR: "10000" };

/** One production server with its own database and mailbox, for one Playwright worker. */
export interface AppServer extends LaunchedServer {
  /** What a second instance needs to serve the same app: database, session key, event stream, rate limits, queue. */
  shared: SharedState;
}

interface SharedState extends RedisNames {
  databaseUrl: string;
  authSecret: string;
}

/**
 * Starts the production server, as `pnpm start` runs it (apps/web/server.ts: the lean tRPC path, then
 * Next, in the artifact `pnpm build` makes, ADR 030), on a free port with a fresh database — SQLite, or a
 * new database on TRELLIS_E2E_DATABASE_URL's Postgres server — or, given `sameAppAs`, a second instance of
 * that app (same database, session key and events), as a load balancer would have behind it; the first
 * instance's `stop` drops the database.
 *
 * The specs sign in as the demo accounts (and, while the demo is there, read its
 * posts), so the app seeds them (SEED_DEMO_DATA=true, ADR 028) unless `extraEnv` says
 * `SEED_DEMO_DATA: "false"` — to see what a real production start does.
 */
export async function startAppServer(
  label: string,
  sameAppAs?: AppServer,
  extraEnv: Record<string, string> = {},
  /** A port of the spec's choosing (a free one otherwise): to name the app's URL in `extraEnv` before it starts. */
  port?: number,
): Promise<AppServer> {
  const postgresServer = process.env.TRELLIS_E2E_DATABASE_URL;
  const redis = sameAppAs?.shared ?? redisNamesFor(`e2e:${label}`);
  const server = await launchServer({
    label: `e2e-${label}`,
    command: "artifact",
    database: sameAppAs
      ? { url: sameAppAs.shared.databaseUrl }
      : postgresServer
        ? { fresh: "postgres", server: postgresServer, prefix: `trellis_e2e_${label}` }
        : { fresh: "sqlite" },
    authSecret: sameAppAs?.shared.authSecret,
    redis,
    env: { ...E2E_ENV, ...extraEnv },
    port,
  });
  const { eventsStream, rateLimitPrefix, jobsQueue } = redis;
  return {
    ...server,
    shared: {
      databaseUrl: server.databaseUrl,
      authSecret: server.authSecret,
      eventsStream,
      rateLimitPrefix,
      jobsQueue,
    },
  };
}

/** Next's own servers, beside the production server: what hosts and developers run. */
export type NextMode = "next start" | "next dev";

/**
 * Starts `next start` (on the production build, as `pnpm --filter
 * @trellis/web start:next` does, NEXT_MANUAL_SIG_HANDLE included) or `next
 * dev` in apps/web, with a fresh SQLite database, and waits until
 * /api/health answers. `next dev` builds into .next/dev, apart from the
 * production build, and compiles each route on its first request: warm the
 * routes a spec uses before timing them.
 */
export function startNextServer(
  mode: NextMode,
  label: string,
  extraEnv: Record<string, string> = {},
): Promise<LaunchedServer> {
  return launchServer({
    label: `e2e-${label}`,
    command: mode,
    database: { fresh: "sqlite" },
    redis: redisNamesFor(`e2e:${label}`),
    env: { ...E2E_ENV, ...extraEnv },
    waitFor: "/api/health",
    startTimeoutMs: mode === "next dev" ? 120_000 : 60_000,
    stopGraceMs: 15_000,
  });
}
