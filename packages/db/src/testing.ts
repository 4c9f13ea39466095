import { createDb, type DbHandle } from "./client";
import { migrate } from "./migrate";

export interface TestDb extends DbHandle {
  /** Every SQL statement sent since the last `queries.length = 0`. */
  queries: string[];
}

/** A fresh, migrated, empty in-memory database: one per test file. */
export function createTestDb(): TestDb {
  const queries: string[] = [];
  const handle = createDb(":memory:", { onQuery: (sql) => queries.push(sql) });
  migrate(handle.db);
  queries.length = 0;
  return { ...handle, queries };
}
