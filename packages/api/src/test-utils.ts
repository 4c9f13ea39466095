import { schema } from "@trellis/db";
import { createTestDb } from "@trellis/db/testing";
import { afterAll } from "vitest";

import { createCaller } from "./root";
import { createContext, type Viewer } from "./trpc";

/**
 * A fresh database for one test file, two users, and a caller per viewer.
 * Router tests go through `createCaller`, so they exercise input validation,
 * middleware and procedures exactly as the HTTP adapter does.
 */
export async function setupRouterTest() {
  const testDb = createTestDb();
  afterAll(() => testDb.close());

  const rows = await testDb.db
    .insert(schema.users)
    .values([
      { email: "alice@example.com", name: "Alice" },
      { email: "bob@example.com", name: "Bob" },
    ])
    .returning();
  const [alice, bob] = rows.map((u): Viewer => ({ id: u.id, name: u.name, role: u.role })) as [Viewer, Viewer];

  const callerFor = (viewer: Viewer | null) => createCaller(createContext({ db: testDb.db, viewer }));
  return { testDb, alice, bob, as: { alice: callerFor(alice), bob: callerFor(bob), anonymous: callerFor(null) } };
}

/** A UUIDv7 that no row has. */
export const MISSING_ID = "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a";
