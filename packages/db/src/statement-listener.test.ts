import { AsyncLocalStorage } from "node:async_hooks";

import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FullSqliteDb } from "./sqlite/transaction";
import { addStatementListener, operationOf, type StatementEvent } from "./statement-listener";
import { createTestDatabase, currentTestDialect, MISSING_ID, type TestDatabase } from "./testing";

let database: TestDatabase;
const events: StatementEvent[] = [];
const context = new AsyncLocalStorage<string>();
const contexts: (string | undefined)[] = [];
let remove = () => {};

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
afterEach(() => {
  remove();
  events.length = 0;
  contexts.length = 0;
});

function listen() {
  remove = addStatementListener((event) => {
    events.push(event);
    contexts.push(context.getStore());
  });
}

describe(`statement listener (${currentTestDialect()})`, () => {
  it("reports each statement once, with its operation, timing and the caller's async context", async () => {
    listen();
    const before = performance.timeOrigin + performance.now();
    await context.run("request-1", () => database.data.users.byId(MISSING_ID));
    const after = performance.timeOrigin + performance.now();

    expect(events.length).toBe(database.queries.length);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event).toMatchObject({ dialect: database.dialect, operation: "select", failed: false });
      expect(event.startTime).toBeGreaterThanOrEqual(before);
      expect(event.startTime + event.durationMs).toBeLessThanOrEqual(after);
      expect(Object.keys(event).sort()).toEqual(["dialect", "durationMs", "failed", "operation", "startTime"]);
    }
    expect(contexts.every((store) => store === "request-1")).toBe(true);
  });

  it("reports a failed statement", async () => {
    listen();
    const failing = sql.raw("select * from no_such_table");
    await expect(
      context.run("request-2", async () =>
        database.dialect === "sqlite" ? database.db.run(failing) : await database.db.execute(failing),
      ),
    ).rejects.toThrow();
    expect(events).toEqual([expect.objectContaining({ operation: "select", failed: true })]);
    expect(contexts).toEqual(["request-2"]);
  });

  it("reports statements inside a transaction and a savepoint", async () => {
    listen();
    if (database.dialect === "sqlite") {
      (database.db as FullSqliteDb).transaction((tx) => {
        tx.run(sql`select 1`);
        tx.transaction((savepoint) => savepoint.run(sql`select 2`));
      });
    } else {
      const db = database.db;
      await context.run("request-3", () =>
        db.transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          await tx.transaction((savepoint) => savepoint.execute(sql`select 2`));
        }),
      );
      expect(contexts.filter((store) => store === "request-3").length).toBeGreaterThanOrEqual(2);
    }
    expect(events.filter((event) => event.operation === "select")).toHaveLength(2);
  });

  it("stops when removed", async () => {
    listen();
    remove();
    await database.data.users.byId(MISSING_ID);
    expect(events).toEqual([]);
  });
});

describe("operationOf", () => {
  it("reads the first word, and calls everything else other", () => {
    expect(operationOf('select "id" from "posts"')).toBe("select");
    expect(operationOf("  INSERT into posts values (?)")).toBe("insert");
    expect(operationOf("update posts set title = ?")).toBe("update");
    expect(operationOf("delete from posts")).toBe("delete");
    expect(operationOf("with x as (select 1) select * from x")).toBe("other");
    expect(operationOf("create table t (id int)")).toBe("other");
  });
});
