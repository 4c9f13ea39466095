import { redactUrl } from "@trellis/validators/redact-url";
import { driverErrorCodes } from "./data/errors";
import type { Database, DatabaseOptions } from "./database";
import { dialectOf } from "./dialect";
import { createPostgresDatabase } from "./pg/client";
import { redactingErrors } from "./query-errors";
import { createSqliteDatabase } from "./sqlite/client";

/**
 * Opens the database a URL names: `postgres://…` is Postgres, anything else a
 * SQLite file. Its errors never carry a query's values (query-errors.ts).
 */
export function createDatabase(url: string, options: DatabaseOptions = {}): Database {
  return redactingErrors(
    dialectOf(url) === "postgres" ? createPostgresDatabase(url, options) : createSqliteDatabase(url, options),
  );
}

/** Network failures, and Postgres' "no such database" (3D000) and "wrong password" (28P01). */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "3D000", "28P01"]);

/** What a start says when MIGRATE_ON_START=false and the release's migrate step has not run. */
export const MIGRATE_FIRST = "run `node server.mjs migrate` (or `pnpm db:migrate`) first";

export interface OpenOptions extends DatabaseOptions {
  /**
   * `apply` (the default): apply pending migrations under the schema lock.
   * `check`: apply nothing, and fail if any are pending — for deployments that
   * migrate as a release step (MIGRATE_ON_START=false, docs/decisions/031).
   */
  migrations?: "apply" | "check";
}

/**
 * What an app, `pnpm db:migrate` and `node server.mjs migrate` do first: open
 * and migrate (whether to seed is seed-policy.ts's question), or only check
 * that the schema is current. A database that is configured but does not
 * answer fails here with one line naming DATABASE_URL, never with a silent
 * fallback to another database.
 */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const { migrations = "apply", ...databaseOptions } = options;
  const database = createDatabase(url, databaseOptions);
  try {
    if (migrations === "apply") {
      await database.migrate();
    } else {
      const pending = await database.pendingMigrations();
      if (pending.length > 0) {
        throw new Error(
          `the database lacks ${pending.length} migration(s) (${pending.join(", ")}) and MIGRATE_ON_START=false: ${MIGRATE_FIRST}.`,
        );
      }
    }
  } catch (error) {
    await database.close().catch(() => {});
    const code = driverErrorCodes(error).find((c) => UNREACHABLE.has(c));
    if (code) {
      throw new Error(
        `DATABASE_URL=${redactUrl(url)} does not answer (${code}): start it, or unset DATABASE_URL for the embedded SQLite.`,
        { cause: error },
      );
    }
    throw error;
  }
  return database;
}

/**
 * The release step: applies pending migrations to the database `url` names,
 * under the schema lock, and closes it. `pnpm db:migrate` and the artifact's
 * `node server.mjs migrate` both call this; a server's start does the same
 * through openDatabase unless MIGRATE_ON_START=false. Returns the line to print.
 */
export async function migrateDatabase(url: string): Promise<string> {
  const database = await openDatabase(url);
  await database.close();
  return `Migrated ${redactUrl(url)} (${database.dialect})`;
}
