import type { DataLayer } from "./data/types";
import type { Dialect } from "./dialect";

/**
 * An open database of either dialect: the data layer procedures use, plus the
 * few things an app does at start and stop. Created by `createDatabase(url)`.
 */
export interface Database {
  readonly dialect: Dialect;
  readonly data: DataLayer;
  /**
   * Applies this dialect's committed drizzle-kit migrations that the database
   * has not seen, holding the schema lock (Postgres: an advisory lock; SQLite:
   * its write lock) from reading what ran to committing the rest, so any
   * number of processes may call it at once (docs/decisions/031).
   */
  migrate(): Promise<void>;
  /**
   * The committed migrations (tags) this database has not applied yet: empty
   * when it is up to date. Throws when the database does not answer, so a
   * readiness check learns both from one call.
   */
  pendingMigrations(): Promise<string[]>;
  /** True when the database has no users yet: a fresh install, ready for the seed. */
  isEmpty(): Promise<boolean>;
  /** Inserts the seed's rows in one transaction. */
  insertSeed(rows: SeedRows): Promise<void>;
  /**
   * Inserts the seed's rows only if there are no users, deciding and inserting
   * in one transaction under the schema lock: processes seeding at once insert
   * it once. True when this call inserted it.
   */
  insertSeedIfEmpty(rows: SeedRows): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Called with every SQL statement Drizzle sends: for query-count tests and debugging. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

/** Rows for every table, ids included, so the seed is the same on both dialects. */
export interface SeedRows {
  users: { id: string; email: string; name: string; role: "user" | "admin" }[];
  accounts: { userId: string; provider: "credentials"; providerAccountId: string; passwordHash: string }[];
  posts: { id: string; authorId: string; title: string; body: string; createdAt: Date; updatedAt: Date }[];
  comments: { id: string; postId: string; authorId: string; body: string; createdAt: Date; updatedAt: Date }[];
  likes: { userId: string; postId: string; createdAt: Date }[];
}

/** The Drizzle logger option for `onQuery`. */
export function queryLogger(options: DatabaseOptions) {
  const { onQuery } = options;
  return onQuery ? { logQuery: (query: string, params: unknown[]) => onQuery(query, params) } : false;
}

/**
 * Rows in slices small enough for one INSERT each: SQLite takes at most 32,766
 * parameters per statement and Postgres 65,535, and a large seed (bench/) has
 * 50,000 likes. An empty table yields nothing (Drizzle refuses an empty insert).
 */
export function* insertBatches<Row>(rows: readonly Row[], size = 500): Generator<Row[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}
