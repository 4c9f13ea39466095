import { describe, expect, it } from "vitest";

import { enableWal } from "./wal";

/** A connection whose first `busyTimes` switches to WAL fail as SQLite's would, then succeed. */
function connection(busyTimes: number, code = "SQLITE_BUSY", message = "database is locked") {
  const asked: string[] = [];
  return {
    asked,
    pragma(source: string) {
      asked.push(source);
      if (asked.length <= busyTimes) throw Object.assign(new Error(message), { code });
      return "wal";
    },
  };
}

describe("enableWal: a file many instances open at once", () => {
  it("switches at once when nothing else holds the file", () => {
    const client = connection(0);
    enableWal(client);
    expect(client.asked).toEqual(["journal_mode = WAL"]);
  });

  it("tries again while SQLite answers busy, including its extended busy codes", () => {
    const client = connection(3, "SQLITE_BUSY_RECOVERY");
    enableWal(client);
    expect(client.asked).toHaveLength(4);
  });

  it("gives up with SQLite's own error once the timeout has passed", () => {
    const client = connection(Number.POSITIVE_INFINITY);
    const started = Date.now();
    expect(() => enableWal(client, { timeoutMs: 100 })).toThrow("database is locked");
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(client.asked.length).toBeGreaterThan(1);
  });

  it("throws any other error at once", () => {
    const client = connection(1, "SQLITE_CORRUPT", "database disk image is malformed");
    expect(() => enableWal(client)).toThrow("malformed");
    expect(client.asked).toHaveLength(1);
  });
});
