import { migrate as drizzleMigrate } from "drizzle-orm/better-sqlite3/migrator";

import type { Db } from "./client";
import { migrationsFolder } from "./paths";

/** Applies the committed drizzle-kit migrations that this database has not seen. */
export function migrate(db: Db): void {
  drizzleMigrate(db, { migrationsFolder: migrationsFolder("sqlite") });
}
