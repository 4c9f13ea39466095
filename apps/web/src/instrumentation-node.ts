import { getAuth } from "./server/auth";
import { getDatabase } from "./server/db";
import { getEvents } from "./server/events";

// Open (migrate, seed) the database and load the session key now, so a
// DATABASE_URL or REDIS_URL that does not answer, or a missing AUTH_SECRET, stops the server
// with one clear line instead of failing the first visitor's request.
try {
  getAuth();
  await getDatabase();
  await getEvents();
} catch (error) {
  console.error(`Trellis cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
