import { describe, expect, it } from "vitest";

import { classifyTestFiles } from "./vitest.projects";

describe("which vitest project runs a test file", () => {
  const files = classifyTestFiles();

  it("a file that imports the test database helper, directly or through a helper of its own: every dialect", () => {
    expect(files.database).toEqual(
      expect.arrayContaining([
        "packages/db/src/seed.test.ts", // ./testing
        "packages/jobs/src/queue.test.ts", // @trellis/db/testing
        "packages/api/src/routers/api-token.test.ts", // ../testing, then @trellis/db/testing
      ]),
    );
  });

  it("a file that needs no database, this one included: once, in unit", () => {
    expect(files.databaseFree).toEqual(
      expect.arrayContaining(["vitest.projects.test.ts", "packages/auth/src/password-strength.test.ts"]),
    );
  });

  it("a *.sqlite.test.ts file: SQLite only", () => {
    expect(files.sqliteOnly).toContain("packages/db/src/sqlite/lock.sqlite.test.ts");
    expect(files.sqliteOnly.every((file) => file.endsWith(".sqlite.test.ts"))).toBe(true);
  });

  it("each file in exactly one", () => {
    const all = [...files.databaseFree, ...files.database, ...files.sqliteOnly];
    expect(new Set(all).size).toBe(all.length);
  });
});
