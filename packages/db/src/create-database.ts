import { driverErrorCodes } from "./data/errors";
import type { Database, DatabaseOptions } from "./database";
import { dialectOf } from "./dialect";
import { createPostgresDatabase } from "./pg/client";
import { createSqliteDatabase } from "./sqlite/client";

/** Opens the database a URL names: `postgres://…` is Postgres, anything else a SQLite file. */
export function createDatabase(url: string, options: DatabaseOptions = {}): Database {
  return dialectOf(url) === "postgres" ? createPostgresDatabase(url, options) : createSqliteDatabase(url, options);
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`: URLs go in logs and errors. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]+:)[^@]*@/i, "$1***@");
}

/** Network failures, and Postgres' "no such database" (3D000) and "wrong password" (28P01). */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "3D000", "28P01"]);

/**
 * What an app does at start: open and migrate (whether to seed is
 * seed-policy.ts's question). A database that is configured but does not
 * answer fails here with one line naming DATABASE_URL, never with a silent
 * fallback to another database.
 */
export async function openDatabase(url: string, options: DatabaseOptions = {}): Promise<Database> {
  const database = createDatabase(url, options);
  try {
    await database.migrate();
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
