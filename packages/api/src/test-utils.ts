import { createMemoryMailer } from "@trellis/auth";
import { createTestDatabase } from "@trellis/db/testing";
import { afterAll } from "vitest";
import { createMemoryBus } from "./events";
import { createCaller } from "./root";
import { createContext, type Viewer } from "./trpc";

/**
 * A fresh database for one test file (on the dialect under test), three users
 * — Alice and Bob, and Ada the admin — and a caller per viewer. Router tests
 * go through `createCaller`, so they exercise input validation, middleware
 * and procedures exactly as the HTTP adapter does.
 */
export async function setupRouterTest() {
  const testDb = await createTestDatabase();
  afterAll(() => testDb.close());
  const mailer = createMemoryMailer();
  const events = createMemoryBus();

  const asViewer = ({ id, name, role }: Omit<Viewer, "via">): Viewer => ({ id, name, role, via: "session" });
  const alice = asViewer(await testDb.data.users.create({ email: "alice@example.com", name: "Alice" }));
  const bob = asViewer(await testDb.data.users.create({ email: "bob@example.com", name: "Bob" }));
  const ada = asViewer(await testDb.data.users.create({ email: "ada@example.com", name: "Ada", role: "admin" }));

  const callerFor = (viewer: Viewer | null, refused: string | null = null) =>
    createCaller(createContext({ data: testDb.data, viewer, refused, mailer, events, appUrl: "http://trellis.test" }));
  return {
    testDb,
    mailer,
    events,
    alice,
    bob,
    ada,
    callerFor,
    as: { alice: callerFor(alice), bob: callerFor(bob), ada: callerFor(ada), anonymous: callerFor(null) },
  };
}

/** A UUIDv7 that no row has. */
export const MISSING_ID = "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a";
