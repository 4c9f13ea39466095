import type { Sql } from "postgres";

/**
 * The Postgres advisory lock key Trellis holds while it changes a database's
 * schema or inserts its demo data (docs/decisions/031): the ASCII bytes of
 * "trellis" read as one number (0x7472656c6c6973). Advisory locks are
 * per database, so two apps on one server never wait for each other; another
 * tool using this exact key in the same database would.
 */
export const SCHEMA_LOCK_KEY = "32776877234743667";

/**
 * Runs `work` while this process holds the schema lock, waiting for whoever
 * holds it now. A session-level lock on one reserved connection: drizzle's
 * migrator creates its schema and bookkeeping table before its transaction
 * and reads which migrations ran outside it, so only a lock held across the
 * whole call makes "read what ran, apply the rest" one step. The lock goes
 * with the connection if the process dies; here it is released in `finally`.
 */
export async function withSchemaLock<T>(client: Sql, work: () => Promise<T>): Promise<T> {
  const connection = await client.reserve();
  try {
    await connection.unsafe(`select pg_advisory_lock(${SCHEMA_LOCK_KEY})`);
    try {
      return await work();
    } finally {
      await connection.unsafe(`select pg_advisory_unlock(${SCHEMA_LOCK_KEY})`);
    }
  } finally {
    connection.release();
  }
}
