import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createDatabase, type DataLayer, type User } from "@trellis/db";
import { createTestDatabase, currentTestDialect } from "@trellis/db/testing";
import { afterAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

import { createBullQueue } from "./bullmq-queue";
import { defineJob, PermanentJobError } from "./define";
import type { JobQueue } from "./queue";
import { createTableQueue } from "./table-queue";

/**
 * The queue contract, on every backend: the table on this run's dialect (a
 * SQLite file, PGlite, or Postgres with TEST_DATABASE_URL), and BullMQ when
 * REDIS_URL is set. Backoffs are short (100 ms) so retries happen within a test.
 */

interface Services {
  ran: { key: string; attempt: number; at: number }[];
  sent: string[];
  /** Resolves a job of test.hold: it runs until the test lets it go. */
  release: Map<string, () => void>;
  /** While true, test.outage fails, as if the mail server were down. */
  outage: boolean;
}
const newServices = (): Services => ({ ran: [], sent: [], release: new Map(), outage: false });

const record = defineJob({
  name: "test.record",
  payload: z.object({ key: z.string() }),
  attempts: 1,
  run: async ({ key }, services: Services, job) => {
    services.ran.push({ key, attempt: job.attempt, at: Date.now() });
  },
});

/** Fails its first `failures` attempts. */
const flaky = defineJob({
  name: "test.flaky",
  payload: z.object({ key: z.string(), failures: z.number().int() }),
  attempts: 3,
  backoffMs: 100,
  run: async ({ key, failures }, services: Services, job) => {
    services.ran.push({ key, attempt: job.attempt, at: Date.now() });
    if (job.attempt <= failures) throw new Error(`${key} failed on attempt ${job.attempt}`);
  },
});

/** Fails while the outage lasts. */
const outage = defineJob({
  name: "test.outage",
  payload: z.object({ key: z.string() }),
  attempts: 2,
  backoffMs: 50,
  run: async ({ key }, services: Services, job) => {
    services.ran.push({ key, attempt: job.attempt, at: Date.now() });
    if (services.outage) throw new Error(`${key}: the mail server is down`);
  },
});

/** Sends, then fails once: the retry must not send again. */
const sendThenFail = defineJob({
  name: "test.send-then-fail",
  payload: z.object({ key: z.string() }),
  attempts: 3,
  backoffMs: 50,
  run: async ({ key }, services: Services, job) => {
    services.ran.push({ key, attempt: job.attempt, at: Date.now() });
    await job.once("send", async () => {
      services.sent.push(key);
    });
    if (job.attempt === 1) throw new Error("the step after sending failed");
  },
});

const permanent = defineJob({
  name: "test.permanent",
  payload: z.object({ key: z.string() }),
  attempts: 5,
  backoffMs: 50,
  run: async ({ key }, services: Services, job) => {
    services.ran.push({ key, attempt: job.attempt, at: Date.now() });
    throw new PermanentJobError(`${key} can never work`);
  },
});

/** Runs until the test releases it. */
const hold = defineJob({
  name: "test.hold",
  payload: z.object({ key: z.string() }),
  attempts: 3,
  backoffMs: 50,
  run: async ({ key }, services: Services, job) => {
    services.ran.push({ key, attempt: job.attempt, at: Date.now() });
    await new Promise<void>((resolve) => services.release.set(`${key}#${job.attempt}`, resolve));
  },
});

const definitions = [record, flaky, outage, sendThenFail, permanent, hold];
const dialect = currentTestDialect();
const redisUrl = process.env.REDIS_URL;
type TestQueue = JobQueue<(typeof definitions)[number]>;

/**
 * Storage that outlives a queue: `open` is one process's queue on it;
 * closing and opening again is a restart.
 */
interface Storage {
  open(): Promise<{ queue: TestQueue; data: DataLayer; close(): Promise<void> }>;
  dispose(): Promise<void>;
}

/** The table on a SQLite file: a restart closes the database and opens the file again. */
async function sqliteFileStorage(): Promise<Storage> {
  const dir = mkdtempSync(join(tmpdir(), "trellis-jobs-"));
  const url = `file:${join(dir, "jobs.db")}`;
  return {
    async open() {
      const database = createDatabase(url);
      await database.migrate();
      return {
        queue: createTableQueue(definitions, database.data),
        data: database.data,
        close: () => database.close(),
      };
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The table on PGlite or Postgres: a restart is a new queue (and worker) on the
 * same database. One database per file, as booting PGlite is slow; each test
 * starts from an empty queue.
 */
const sharedPostgres = dialect === "sqlite" ? undefined : await createTestDatabase();
afterAll(() => sharedPostgres?.close());

async function postgresStorage(): Promise<Storage> {
  const database = sharedPostgres;
  if (!database) throw new Error("This storage is for the Postgres dialects");
  await emptyQueue(database.data);
  return {
    open: async () => ({
      queue: createTableQueue(definitions, database.data),
      data: database.data,
      close: async () => {},
    }),
    dispose: async () => {},
  };
}

/** Removes every job and receipt, through the data layer's own operations. */
async function emptyQueue(data: DataLayer) {
  const never = new Date("9999-01-01T00:00:00Z");
  for (let job = await data.jobs.claim({ now: never, leaseUntil: never }); job; ) {
    await data.jobs.fail({ id: job.id, attempt: job.attempts, error: "emptied", retryAt: null, now: never });
    job = await data.jobs.claim({ now: never, leaseUntil: never });
  }
  for (const job of await data.jobs.failed({ limit: 10_000 })) await data.jobs.discard(job.id);
  await data.jobs.prune({ doneBefore: never, receiptsBefore: never });
}

/** BullMQ on its own queue name; receipts in a test database. */
async function bullStorage(): Promise<Storage> {
  const database = await createTestDatabase();
  const queueName = `trellis-test-${crypto.randomUUID()}`;
  return {
    async open() {
      const queue = await createBullQueue(definitions, {
        url: redisUrl ?? "",
        queueName,
        receipts: database.data.jobReceipts,
      });
      return { queue, data: database.data, close: () => queue.close() };
    },
    async dispose() {
      const { Queue } = await import("bullmq");
      const { Redis } = await import("ioredis");
      const connection = new Redis(redisUrl ?? "", { maxRetriesPerRequest: null });
      const queue = new Queue(queueName, { connection });
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
      await database.close();
    },
  };
}

const backends: [string, () => Promise<Storage>][] = [
  [`table (${dialect})`, dialect === "sqlite" ? sqliteFileStorage : postgresStorage],
];

const quiet = { log: () => {}, pollMs: 50 };
const waitFor = (check: () => void | Promise<void>, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 20 });
const keysOf = (services: Services) => services.ran.map((run) => run.key);

function contract(name: string, storageFor: () => Promise<Storage>) {
  describe(`the ${name} job queue`, () => {
    const storages: Storage[] = [];
    const fresh = async () => {
      const storage = await storageFor();
      storages.push(storage);
      return storage;
    };
    afterAll(async () => {
      for (const storage of storages) await storage.dispose();
    });

    it("processes every enqueued job exactly once", async () => {
      const { queue, close } = await (await fresh()).open();
      const services = newServices();
      for (let i = 0; i < 6; i++) await queue.enqueue("test.record", { key: `job ${i}` });
      const worker = queue.work(services, { ...quiet, concurrency: 3 });
      await waitFor(() => expect(services.ran).toHaveLength(6));
      await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would show up by now
      expect(keysOf(services).sort()).toEqual(["job 0", "job 1", "job 2", "job 3", "job 4", "job 5"]);
      await waitFor(async () => expect(await queue.counts()).toEqual({ waiting: 0, active: 0, done: 6, failed: 0 }));
      await worker.stop();
      await close();
    });

    it("retries a failing job with exponential backoff, then lists it as failed after its last attempt", async () => {
      const { queue, close } = await (await fresh()).open();
      const services = newServices();
      const worker = queue.work(services, quiet);
      const recovering = await queue.enqueue("test.flaky", { key: "recovers", failures: 1 });
      const doomed = await queue.enqueue("test.flaky", { key: "doomed", failures: 99 });

      await waitFor(async () => expect((await queue.failed(10)).map((job) => job.id)).toEqual([doomed.id]));
      const attempts = services.ran.filter((run) => run.key === "doomed");
      expect(attempts.map((run) => run.attempt)).toEqual([1, 2, 3]);
      // 100 ms after the first failure, then 200 ms after the second (timers may run a little late, never early).
      const [first, second, third] = attempts.map((run) => run.at);
      expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(95);
      expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(195);

      const [failed] = await queue.failed(10);
      expect(failed).toMatchObject({
        id: doomed.id,
        name: "test.flaky",
        payload: { key: "doomed", failures: 99 },
        attempts: 3,
        error: "doomed failed on attempt 3",
      });
      expect(failed?.failedAt).toBeInstanceOf(Date);
      expect(services.ran.filter((run) => run.key === "recovers").map((run) => run.attempt)).toEqual([1, 2]);
      expect(recovering.id).not.toBe(doomed.id);
      await waitFor(async () => expect(await queue.counts()).toEqual({ waiting: 0, active: 0, done: 1, failed: 1 }));
      await worker.stop();
      await close();
    });

    it("runs a failed job again, with all its attempts, when retried; discards another", async () => {
      const { queue, close } = await (await fresh()).open();
      const services = newServices();
      services.outage = true;
      const worker = queue.work(services, quiet);
      const a = await queue.enqueue("test.outage", { key: "a" });
      const b = await queue.enqueue("test.outage", { key: "b" });
      await waitFor(async () => expect(await queue.counts()).toMatchObject({ failed: 2, waiting: 0, active: 0 }));
      expect((await queue.failed(10)).map((job) => job.error).sort()).toEqual([
        "a: the mail server is down",
        "b: the mail server is down",
      ]);

      services.outage = false;
      expect(await queue.retry(a.id)).toBe(true);
      await waitFor(async () => expect(await queue.counts()).toEqual({ waiting: 0, active: 0, done: 1, failed: 1 }));
      // Two attempts before, and a fresh first attempt after the retry.
      expect(services.ran.filter((run) => run.key === "a").map((run) => run.attempt)).toEqual([1, 2, 1]);
      expect(await queue.retry(a.id)).toBe(false); // done, not failed

      expect(await queue.discard(b.id)).toBe(true);
      expect(await queue.failed(10)).toEqual([]);
      expect(await queue.counts()).toEqual({ waiting: 0, active: 0, done: 1, failed: 0 });
      expect(await queue.discard(b.id)).toBe(false);
      expect(await queue.retry(b.id)).toBe(false);
      await worker.stop();
      await close();
    });

    it("keeps a job through a restart: enqueued by one process, run by the next", async () => {
      const storage = await fresh();
      const before = await storage.open();
      const { id } = await before.queue.enqueue("test.record", { key: "survivor" });
      await before.close();

      const after = await storage.open();
      const services = newServices();
      const worker = after.queue.work(services, quiet);
      await waitFor(() => expect(keysOf(services)).toEqual(["survivor"]));
      await waitFor(async () => expect(await after.queue.counts()).toMatchObject({ done: 1, waiting: 0 }));
      expect(id).toBeTruthy();
      await worker.stop();
      await after.close();
    });

    it("adds nothing for an idempotency key already enqueued", async () => {
      const { queue, close } = await (await fresh()).open();
      const first = await queue.enqueue("test.record", { key: "once" }, { idempotencyKey: "welcome:42" });
      const again = await queue.enqueue("test.record", { key: "twice?" }, { idempotencyKey: "welcome:42" });
      expect(again.id).toBe(first.id);
      const services = newServices();
      const worker = queue.work(services, quiet);
      await waitFor(() => expect(keysOf(services)).toEqual(["once"]));
      await waitFor(async () => expect(await queue.counts()).toMatchObject({ done: 1 }));
      // Still deduplicated once it is done.
      expect((await queue.enqueue("test.record", { key: "later" }, { idempotencyKey: "welcome:42" })).id).toBe(
        first.id,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(keysOf(services)).toEqual(["once"]);
      await worker.stop();
      await close();
    });

    it("does a once() step only once when the job is retried after it", async () => {
      const { queue, close } = await (await fresh()).open();
      const services = newServices();
      const worker = queue.work(services, quiet);
      await queue.enqueue("test.send-then-fail", { key: "mail" });
      await waitFor(async () => expect(await queue.counts()).toMatchObject({ done: 1 }));
      expect(services.ran.map((run) => run.attempt)).toEqual([1, 2]);
      expect(services.sent).toEqual(["mail"]);
      await worker.stop();
      await close();
    });

    it("fails at once, without retries, on a permanent error or a payload that does not match", async () => {
      const { queue, data, close } = await (await fresh()).open();
      const services = newServices();
      const worker = queue.work(services, quiet);
      await queue.enqueue("test.permanent", { key: "hopeless" });
      await waitFor(async () => expect(await queue.failed(10)).toHaveLength(1));
      expect(services.ran).toHaveLength(1);
      expect((await queue.failed(10))[0]?.error).toContain("hopeless can never work");

      // The schema guards enqueue, too.
      // @ts-expect-error: a number is not the string the schema asks for
      await expect(queue.enqueue("test.record", { key: 42 })).rejects.toThrow();
      expect(data).toBeDefined();
      await worker.stop();
      await close();
    });

    it("stores jobs with a write: none when the write writes nothing", async () => {
      const { queue, data, close } = await (await fresh()).open();
      const services = newServices();
      const user = await queue.enqueueWith(
        (outbox) => data.accounts.signUp({ email: "with@example.com", name: "W", passwordHash: "h", jobs: outbox }),
        (created: User) => [{ name: "test.record", payload: { key: `welcome ${created.email}` } }],
      );
      expect(user?.email).toBe("with@example.com");
      const none = await queue.enqueueWith(
        (outbox) => data.accounts.signUp({ email: "with@example.com", name: "W", passwordHash: "h", jobs: outbox }),
        (created: User) => [{ name: "test.record", payload: { key: `welcome again ${created.email}` } }],
      );
      expect(none).toBeUndefined();
      const worker = queue.work(services, quiet);
      await waitFor(() => expect(keysOf(services)).toEqual(["welcome with@example.com"]));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(keysOf(services)).toEqual(["welcome with@example.com"]);
      await worker.stop();
      await close();
    });

    it("stops gracefully: waits for the job in flight", async () => {
      const { queue, close } = await (await fresh()).open();
      const services = newServices();
      const worker = queue.work(services, quiet);
      await queue.enqueue("test.hold", { key: "in flight" });
      await waitFor(() => expect(services.release.has("in flight#1")).toBe(true));
      let stopped = false;
      const stopping = worker.stop({ timeoutMs: 5_000 }).then(() => {
        stopped = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(stopped).toBe(false);
      services.release.get("in flight#1")?.();
      await stopping;
      expect(await queue.counts()).toMatchObject({ done: 1, active: 0 });
      await close();
    });
  });
}

for (const [name, storage] of backends) contract(name, storage);

describe(`the table (${dialect}) job queue, when a worker dies holding a job`, () => {
  it("lets another worker take the job over once its lease runs out", async () => {
    const storage = await (dialect === "sqlite" ? sqliteFileStorage() : postgresStorage());
    const { queue, data, close } = await storage.open();
    const leaseUntil = () => new Date(Date.now() + 300);
    const orphan = await queue.enqueue("test.record", { key: "orphan" }, { attempts: 2 });
    // Claimed by a worker that died at once: nobody renews its lease.
    expect((await data.jobs.claim({ now: new Date(), leaseUntil: leaseUntil() }))?.id).toBe(orphan.id);
    const lastChance = await queue.enqueue("test.record", { key: "last chance" }); // test.record has 1 attempt
    expect((await data.jobs.claim({ now: new Date(), leaseUntil: leaseUntil() }))?.id).toBe(lastChance.id);

    const services = newServices();
    const worker = queue.work(services, quiet);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(services.ran).toEqual([]); // still leased
    await waitFor(async () => expect(await queue.counts()).toMatchObject({ done: 1, failed: 1, active: 0 }));
    expect(services.ran.map(({ key, attempt }) => ({ key, attempt }))).toEqual([{ key: "orphan", attempt: 2 }]);
    // Its one attempt was the dead worker's: it fails rather than runs a second time.
    expect(await queue.failed(10)).toEqual([
      expect.objectContaining({
        id: lastChance.id,
        error: "PermanentJobError: The worker running its last attempt stopped before it finished",
      }),
    ]);
    await worker.stop();
    await close();
    await storage.dispose();
  });
});

// BullMQ needs nothing from the dialect (receipts aside): it runs once, with the sqlite project.
describe.runIf(redisUrl && dialect === "sqlite")(
  "BullMQ on Redis (needs REDIS_URL; runs in the sqlite project)",
  () => {
    contract("BullMQ", bullStorage);
  },
);
