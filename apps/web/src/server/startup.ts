import { getDatabase } from "./db";
import { getEvents } from "./events";
import { authSecret } from "./settings";

/**
 * Opens (migrates, seeds) the database, connects the event bus and loads the
 * session key, or stops the process with one line naming what is wrong — a
 * DATABASE_URL or REDIS_URL that does not answer, a missing AUTH_SECRET —
 * instead of failing the first visitor's request. Idempotent: Next's
 * instrumentation and the production server both call it.
 */
export async function startServicesOrExit(): Promise<void> {
  try {
    authSecret();
    await getDatabase();
    await getEvents();
  } catch (error) {
    console.error(`Trellis cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
