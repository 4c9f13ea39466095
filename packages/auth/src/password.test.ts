import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_USER_EMAIL, DEMO_USER_PASSWORD, SEED_PASSWORD_HASHES } from "@trellis/db";
import { describe, expect, it } from "vitest";

import { hashPassword, verifyNobody, verifyPassword } from "./password";

describe("password hashing", () => {
  it("hashes with argon2id, salted, and verifies only the right password", async () => {
    const first = await hashPassword("correct horse battery");
    const second = await hashPassword("correct horse battery");
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, "correct horse battery")).toBe(true);
    expect(await verifyPassword(first, "Correct horse battery")).toBe(false);
  });

  it("treats a malformed hash as a wrong password", async () => {
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });

  it("verifies nobody", async () => {
    expect(await verifyNobody("anything")).toBe(false);
  });

  it("matches the seed's precomputed hashes to the README's dev passwords", async () => {
    expect(await verifyPassword(SEED_PASSWORD_HASHES[DEMO_USER_EMAIL] ?? "", DEMO_USER_PASSWORD)).toBe(true);
    expect(await verifyPassword(SEED_PASSWORD_HASHES[ADMIN_EMAIL] ?? "", ADMIN_PASSWORD)).toBe(true);
  });
});
