import type { Settings } from "@trellis/validators/settings";

import type { Database } from "./database";
import { ADMIN_EMAIL, ADMIN_PASSWORD, seedIfEmpty } from "./seed";

/**
 * Whether demo data may go into an empty database — decided here only, for the
 * app's start (apps/web/src/server/db.ts) and `pnpm db:seed` alike. The demo
 * accounts' passwords are in the README, so a production database that got
 * them would have a known admin: production seeds nothing unless told to.
 */

/** The two settings the policy reads (tests pass their own). */
type DemoDataSettings = Pick<Settings, "nodeEnv" | "seedDemoData">;

/** The explicit opt-in for demo data under NODE_ENV=production: for e2e runs and benches, never a real deployment. */
export const SEED_DEMO_DATA = "SEED_DEMO_DATA";

/**
 * - `seed`: development and tests (`next dev`, vitest): an empty database gets the demo data;
 * - `seed-loudly`: any other NODE_ENV with SEED_DEMO_DATA=true: the same, with a warning;
 * - `never`: everything else: nothing is inserted; the first admin comes from `pnpm admin:create`.
 *
 * Development is asked for by name, never assumed: a process started without
 * NODE_ENV — a `pnpm worker` beside production, the server bundle run by a
 * bare `node` — must not give a production database a known admin.
 */
export type DemoDataPolicy = "seed" | "seed-loudly" | "never";

export function demoDataPolicy(config: DemoDataSettings): DemoDataPolicy {
  if (config.nodeEnv === "development" || config.nodeEnv === "test") return "seed";
  return config.seedDemoData ? "seed-loudly" : "never";
}

/** What `pnpm db:seed` says when production refuses it. */
export const DEMO_DATA_REFUSED =
  `Refused: outside development, a database never gets demo data, whose accounts have public passwords; ` +
  `make the first admin with \`pnpm admin:create --email …\`, or set ${SEED_DEMO_DATA}=true for a throwaway test database.`;

/** The warning every production start (and `pnpm db:seed`) with the opt-in prints. */
export function demoDataWarning(seeded: boolean): string {
  return (
    `${SEED_DEMO_DATA}=true outside development: ${seeded ? "seeded demo data" : "the database already had users, nothing seeded"}; ` +
    `demo accounts with public passwords may exist (${ADMIN_EMAIL} / ${ADMIN_PASSWORD} is an admin). Never set it on a real deployment.`
  );
}

export interface SeedOutcome {
  policy: DemoDataPolicy;
  /** True when demo data was inserted just now. */
  seeded: boolean;
}

/** Seeds an empty database when the environment's policy allows; never writes under `never`. */
export async function seedDemoDataIfAllowed(database: Database, config: DemoDataSettings): Promise<SeedOutcome> {
  const policy = demoDataPolicy(config);
  if (policy === "never") return { policy, seeded: false };
  return { policy, seeded: await seedIfEmpty(database) };
}
