import { createTestDatabase } from "@trellis/db/testing";
import { afterAll, describe, expect, it } from "vitest";

import { checkCredentials } from "./credentials";
import { hashPassword } from "./password";

const database = await createTestDatabase();
afterAll(() => database.close());
const { data } = database;

await data.accounts.signUp({
  email: "cred@example.com",
  name: "Cred",
  passwordHash: await hashPassword("right password"),
});

describe("checkCredentials", () => {
  it("returns the user for the right password", async () => {
    expect(await checkCredentials(data, { email: "cred@example.com", password: "right password" })).toMatchObject({
      email: "cred@example.com",
    });
  });

  it("answers a wrong password and an unknown email the same way: null", async () => {
    expect(await checkCredentials(data, { email: "cred@example.com", password: "wrong password" })).toBeNull();
    expect(await checkCredentials(data, { email: "nobody@example.com", password: "right password" })).toBeNull();
  });
});
