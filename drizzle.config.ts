import { defineConfig } from "drizzle-kit";

import { defaultDatabaseUrl } from "./packages/db/src/paths";

/** drizzle-kit (generate, migrate, studio) on the embedded SQLite default. */
export default defineConfig({
  dialect: "sqlite",
  schema: "./packages/db/src/schema/sqlite.ts",
  out: "./packages/db/migrations/sqlite",
  dbCredentials: { url: process.env.DATABASE_URL || defaultDatabaseUrl() },
  strict: true,
  verbose: true,
});
