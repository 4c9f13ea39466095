import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { createSqliteDatabase } from "./client";

// Two connections need a real file: each `:memory:` database is private.
const dir = mkdtempSync(join(tmpdir(), "trellis-lock-"));
const queries: string[] = [];
const app = createSqliteDatabase(join(dir, "lock.db"), { onQuery: (sql) => queries.push(sql) });
const other = createSqliteDatabase(join(dir, "lock.db"));
await app.migrate();
afterAll(async () => {
  await app.close();
  await other.close();
  rmSync(dir, { recursive: true, force: true });
});

const user = await app.data.users.create({ email: "linker@example.com", name: "Linker" });
const github = { provider: "github" as const, providerAccountId: "gh-lock" };

// Linking reads (is this identity someone's already?) and then writes: the read-then-write a lock must guard.
describe("linking an OAuth identity on SQLite", () => {
  it("takes the write lock before its first read (BEGIN IMMEDIATE)", async () => {
    // Another connection holds the write lock; don't wait the usual 5 s for it.
    other.client.exec("BEGIN IMMEDIATE");
    app.client.pragma("busy_timeout = 0");
    queries.length = 0;
    try {
      await expect(app.data.accounts.linkOAuth({ ...github, userId: user.id })).rejects.toMatchObject({
        code: "SQLITE_BUSY",
      });
      // A deferred transaction would have read the accounts first, then failed
      // at its write: here nothing was read at all.
      expect(queries).toEqual([]);
    } finally {
      other.client.exec("ROLLBACK");
      app.client.pragma("busy_timeout = 5000");
    }
    expect(await app.data.accounts.linkOAuth({ ...github, userId: user.id })).toBe("linked");
    expect((await app.data.accounts.oauthUser(github))?.id).toBe(user.id);
  });
});
