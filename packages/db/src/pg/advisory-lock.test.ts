import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createScratchPostgres, currentTestDialect } from "../testing";
import { SCHEMA_LOCK_KEY, withSchemaLock } from "./advisory-lock";

/**
 * The schema lock (docs/decisions/031) between two pools on one database, as
 * two processes would hold it. Only the server: PGlite is one connection in
 * one process and migrates without the lock, and SQLite has its own.
 */

/** A promise and the function that resolves it: for holding the lock until the test says so. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Resolves once `check()` holds, asking every 10 ms, or fails after `ms`. */
async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The sessions holding the lock in this database, as pg_locks shows a bigint
 * advisory key: its high and low 32 bits. An advisory lock is the database's
 * own; pg_locks lists every database's, and other test files migrate theirs
 * under the same key at the same time.
 */
async function holders(client: Sql): Promise<number> {
  const key = BigInt(SCHEMA_LOCK_KEY);
  const [row] = await client.unsafe<{ n: number }[]>(
    `select count(*)::int as n from pg_locks
     where locktype = 'advisory' and granted and classid = ${key >> 32n} and objid = ${key & 0xffffffffn} and objsubid = 1
       and database = (select oid from pg_database where datname = current_database())`,
  );
  return row?.n ?? -1;
}

const quick = { pollMs: 20, maxWaitMs: 2_000 };

describe.runIf(currentTestDialect() === "postgres")("withSchemaLock on a Postgres server", () => {
  let scratch: { url: string; drop: () => Promise<void> };
  let first: Sql;
  let second: Sql;
  /** A third pool, for looking at pg_locks while the others' one connection is reserved. */
  let observer: Sql;

  beforeAll(async () => {
    scratch = await createScratchPostgres(process.env.TEST_DATABASE_URL ?? "", "trellis_lock");
    // Two pools, as two instances have; one connection each, so a connection the lock
    // wrongly handed back would be the one the next query gets.
    first = postgres(scratch.url, { max: 1, onnotice: () => {} });
    second = postgres(scratch.url, { max: 1, onnotice: () => {} });
    observer = postgres(scratch.url, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await Promise.all([first, second, observer].map((client) => client?.end({ timeout: 1 })));
    await scratch?.drop();
  });

  it("after work that throws, the error is the work's and the lock is free again at once", async () => {
    const failure = new Error("migration failed");
    await expect(withSchemaLock(scratch.url, () => Promise.reject(failure), quick)).rejects.toBe(failure);

    const waits: number[] = [];
    await expect(
      withSchemaLock(scratch.url, async () => "migrated", { ...quick, onWait: (ms) => waits.push(ms) }),
    ).resolves.toBe("migrated");
    expect(waits).toEqual([]);
    expect(await holders(observer)).toBe(0);
  });

  it("a second process reports that it waits, and goes on once the first releases the lock", async () => {
    const events: string[] = [];
    const release = gate();
    const holding = withSchemaLock(scratch.url, async () => {
      events.push("first holds");
      await release.opened;
      events.push("first done");
    });
    await until(() => events.includes("first holds"));

    const waits: number[] = [];
    const waiting = withSchemaLock(
      scratch.url,
      async () => {
        events.push("second holds");
      },
      { ...quick, onWait: (ms) => waits.push(ms) },
    );
    await until(() => waits.length > 0);
    expect(waits[0]).toBeLessThan(1_000);
    expect(await holders(observer)).toBe(1);
    expect(events).toEqual(["first holds"]);

    release.open();
    await Promise.all([holding, waiting]);
    expect(events).toEqual(["first holds", "first done", "second holds"]);
    expect(await holders(observer)).toBe(0);
  });

  it("a waiter gives up after its bounded wait with one line saying what to check", async () => {
    const release = gate();
    let held = false;
    const holding = withSchemaLock(scratch.url, async () => {
      held = true;
      await release.opened;
    });
    await until(() => held);

    let ran = false;
    const started = Date.now();
    const error = await withSchemaLock(
      scratch.url,
      async () => {
        ran = true;
      },
      { pollMs: 20, maxWaitMs: 200, onWait: () => {} },
    ).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^gave up waiting for the schema lock \(Postgres advisory lock 32776877234743667\) after 0\.2 s: /,
    );
    expect(message).toContain("pg_stat_activity");
    expect(message).toContain(`objid ${BigInt(SCHEMA_LOCK_KEY) & 0xffffffffn}`);
    expect(message).not.toContain("\n");

    // The waiter's connection went back to its pool, holding nothing.
    await expect(second`select 1 as one`).resolves.toEqual([{ one: 1 }]);
    release.open();
    await holding;
    await expect(withSchemaLock(scratch.url, async () => "after", quick)).resolves.toBe("after");
  });

  it("a session lost while holding the lock: the work's error stands and the pool reconnects", async () => {
    const failure = new Error("migration failed");
    const key = BigInt(SCHEMA_LOCK_KEY);
    await expect(
      withSchemaLock(
        scratch.url,
        async () => {
          // The server ends the holding session (a restart, a dropped connection), then the work fails.
          await observer.unsafe(
            `select pg_terminate_backend(pid) from pg_locks
             where locktype = 'advisory' and classid = ${key >> 32n} and objid = ${key & 0xffffffffn}`,
          );
          await until(() => false, 100).catch(() => {});
          throw failure;
        },
        quick,
      ),
    ).rejects.toBe(failure);
    await expect(first`select 1 as one`).resolves.toEqual([{ one: 1 }]);
    await expect(withSchemaLock(scratch.url, async () => "next", quick)).resolves.toBe("next");
    expect(await holders(observer)).toBe(0);
  });
});
