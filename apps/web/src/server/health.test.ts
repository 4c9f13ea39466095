import { describe, expect, it } from "vitest";

import { health, readiness } from "./health";

const upToDate = async () => ({ pendingMigrations: async () => [] });
const redisUp = async () => ({ ping: async () => {} });

describe("health", () => {
  it("is ok while the process runs, whatever the database", () => {
    expect(health()).toEqual({ status: "ok", uptimeSeconds: expect.any(Number) });
  });
});

describe("readiness", () => {
  it("is ready when the database answers with every migration applied (and Redis answers, when configured)", async () => {
    expect(await readiness({ stopping: false, database: upToDate, events: null })).toEqual({
      ready: true,
      body: { status: "ready", checks: { database: "ok", migrations: "ok" } },
    });
    expect((await readiness({ stopping: false, database: upToDate, events: redisUp })).body.checks).toEqual({
      database: "ok",
      migrations: "ok",
      redis: "ok",
    });
  });

  it("is not ready, naming the check, when migrations are pending", async () => {
    const behind = async () => ({ pendingMigrations: async () => ["0004_reports"] });
    expect(await readiness({ stopping: false, database: behind, events: null })).toEqual({
      ready: false,
      body: {
        status: "not ready",
        checks: { database: "ok", migrations: "pending" },
        pendingMigrations: ["0004_reports"],
      },
    });
  });

  it("reports a database or Redis that fails or hangs as unreachable, and never the error's words", async () => {
    const down = async () => ({
      pendingMigrations: async (): Promise<string[]> => {
        throw new Error("connect ECONNREFUSED postgres://app:hunter2@db.internal:5432");
      },
    });
    const hung = async () => ({ ping: () => new Promise<void>(() => {}) });
    const started = Date.now();
    const result = await readiness({ stopping: false, database: down, events: hung });
    expect(result).toEqual({
      ready: false,
      body: { status: "not ready", checks: { database: "unreachable", migrations: "unknown", redis: "unreachable" } },
    });
    expect(JSON.stringify(result)).not.toMatch(/hunter2|ECONNREFUSED|db\.internal/);
    expect(Date.now() - started).toBeLessThan(5_000); // bounded: a probe must answer in time
  });

  it("is not ready while the server stops, without touching the database it is closing", async () => {
    const untouchable = async () => {
      throw new Error("the database was touched");
    };
    expect(await readiness({ stopping: true, database: untouchable, events: null })).toEqual({
      ready: false,
      body: { status: "stopping", checks: {} },
    });
  });
});
