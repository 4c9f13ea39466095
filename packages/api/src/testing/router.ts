import { createMemoryMailer } from "@trellis/auth";
import { createTestDatabase } from "@trellis/db/testing";
import { appJobs, createTableQueue } from "@trellis/jobs";
import { afterAll } from "vitest";

import { createMemoryBus } from "../events";
import type { Logger } from "../logger";
import { createMemoryRateLimits, type RateLimitOptions } from "../rate-limit";
import { createCaller } from "../root";
import { createContext, type Viewer } from "../trpc";

/**
 * A fresh database for one test file (on the dialect under test), three users
 * — Alice and Bob, and Ada the admin — and a caller per viewer. Router tests
 * go through `createCaller`, so they exercise input validation, middleware
 * and procedures exactly as the HTTP adapter does.
 *
 * Rate limits are in memory, fresh per file, at their production sizes unless
 * `limits` resizes some; every caller comes from TEST_IP unless given another,
 * and logs nowhere (silentLogger).
 *
 * Jobs go to the table queue in the test database; no worker runs them until
 * the test calls `runJobs()`, which runs every job due, with `mailer` keeping
 * what they send.
 */
export async function setupRouterTest({ limits }: RateLimitOptions = {}) {
  const testDb = await createTestDatabase();
  afterAll(() => testDb.close());
  const mailer = createMemoryMailer();
  const events = createMemoryBus();
  const jobs = createTableQueue(appJobs, testDb.data);
  const appUrl = "http://trellis.test";
  const runJobs = () => jobs.runDue({ data: testDb.data, mailer, appUrl });

  const asViewer = ({ id, name, role }: Omit<Viewer, "via">): Viewer => ({ id, name, role, via: "session" });
  const alice = asViewer(await testDb.data.users.create({ email: "alice@example.com", name: "Alice" }));
  const bob = asViewer(await testDb.data.users.create({ email: "bob@example.com", name: "Bob" }));
  const ada = asViewer(await testDb.data.users.create({ email: "ada@example.com", name: "Ada", role: "admin" }));

  const rateLimits = createMemoryRateLimits({ limits });

  const callerFor = (
    viewer: Viewer | null,
    refused: string | null = null,
    ip: string | null = TEST_IP,
    log: Logger = silentLogger,
  ) =>
    createCaller(
      createContext({
        data: testDb.data,
        viewer,
        refused,
        jobs,
        events,
        appUrl,
        ip,
        rateLimits,
        log,
      }),
    );
  return {
    testDb,
    mailer,
    jobs,
    runJobs,
    events,
    rateLimits,
    alice,
    bob,
    ada,
    callerFor,
    as: { alice: callerFor(alice), bob: callerFor(bob), ada: callerFor(ada), anonymous: callerFor(null) },
  };
}

/** Where test callers call from: an address reserved for documentation (RFC 5737). */
export const TEST_IP = "192.0.2.1";

/** A logger that drops every line: for a context whose log no test reads. */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
