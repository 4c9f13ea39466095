import { inspect } from "node:util";

import { afterAll, describe, expect, it } from "vitest";

import { buildSeed } from "./seed";
import { createTestDatabase } from "./testing";

/**
 * A failed query's values never show in its error, however it is printed —
 * `.message` (the start-up line), `.stack`, or the whole object as
 * console.error shows it — on every dialect. The values here look like what
 * leaked in the bug: a password hash, an email that is a token.
 */

const database = await createTestDatabase();
afterAll(() => database.close());

const SECRET_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0LXNhbHQ$TOP-SECRET-HASH-VALUE";
const SECRET_EMAIL = "tok_live_8f3a9c1e7b@secret.example";

async function failure(work: () => Promise<unknown>): Promise<Error> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error("expected the query to fail");
  return error;
}

/** Every way the error could be printed, including its causes and their own fields. */
const printed = (error: Error) =>
  [error.message, String(error.stack), inspect(error, { depth: 10, showHidden: false })].join("\n");

describe("a failed query's error", () => {
  it("keeps the SQL but not the values of a seed that collides (unique violation)", async () => {
    const rows = buildSeed();
    const account = rows.accounts[0];
    if (!account) throw new Error("the seed has accounts");
    account.passwordHash = SECRET_HASH;
    await database.insertSeed(rows);
    const error = await failure(() => database.insertSeed(rows));

    if (database.dialect === "postgres") {
      // Drizzle wraps a Postgres driver's error with the query; better-sqlite3's it throws as they are.
      expect(error.message).toMatch(/^Failed query: insert into "users"/);
      expect(error.message).toContain("params: [Redacted]");
    } else {
      expect(error.message).toMatch(/UNIQUE constraint failed: users\.(id|email)/);
    }
    expect(printed(error)).not.toContain(SECRET_HASH);
    expect(printed(error)).not.toContain("Dana Demo");
  });

  it("has no value in the message, the stack or the driver's detail ('Key (email)=(…)')", async () => {
    await database.data.users.create({ email: SECRET_EMAIL, name: "First" });
    const error = await failure(() => database.data.users.create({ email: SECRET_EMAIL, name: "Second" }));

    expect(printed(error)).toMatch(database.dialect === "postgres" ? /Failed query/ : /UNIQUE constraint failed/);
    expect(printed(error)).not.toContain(SECRET_EMAIL);
    expect(printed(error)).not.toContain("tok_live");
  });

  it("still says what went wrong: the driver's code is kept", async () => {
    const error = await failure(() => database.data.users.create({ email: SECRET_EMAIL, name: "Third" }));
    const codes: unknown[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) codes.push(Reflect.get(e, "code"));
    expect(codes).toContainEqual(expect.stringMatching(/^(SQLITE_CONSTRAINT_UNIQUE|23505)$/));
  });
});
