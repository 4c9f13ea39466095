import { defineConfig } from "drizzle-kit";

import { dialectOf } from "./packages/db/src/dialect";
import { defaultDatabaseUrl } from "./packages/db/src/paths";
import { settingsOrExit } from "./packages/validators/src/settings";

/**
 * drizzle-kit (generate, migrate, studio) for the dialect DATABASE_URL names:
 * the embedded SQLite file by default, Postgres for `postgres://…`.
 * After a schema change, generate for both (docs/database.md):
 *   pnpm db:generate && DATABASE_URL=postgres://localhost/x pnpm db:generate
 */
const url = settingsOrExit("drizzle-kit").databaseUrl ?? defaultDatabaseUrl();

export default dialectOf(url) === "postgres"
  ? defineConfig({
      dialect: "postgresql",
      schema: "./packages/db/src/schema/pg.ts",
      out: "./packages/db/migrations/pg",
      dbCredentials: { url },
      strict: true,
      verbose: true,
    })
  : defineConfig({
      dialect: "sqlite",
      schema: "./packages/db/src/schema/sqlite.ts",
      out: "./packages/db/migrations/sqlite",
      dbCredentials: { url },
      strict: true,
      verbose: true,
    });
