import { getDatabase } from "./server/db";

// Open (migrate, seed) the database now, so a DATABASE_URL that does not
// answer stops the server with one clear line instead of failing the first
// visitor's request.
try {
  await getDatabase();
} catch (error) {
  console.error(`Trellis cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
