import { ADMIN_EMAIL, ADMIN_PASSWORD, DEMO_USER_EMAIL, DEMO_USER_PASSWORD, SEED_PASSWORD_HASHES } from "@trellis/db";
import { parseSettings, settings } from "@trellis/validators/settings";
import { describe, expect, it } from "vitest";

import { hashPassword, PASSWORD_HASH_COSTS, verifyNobody, verifyPassword } from "./password";

describe("password hashing", () => {
  it("hashes with argon2id at OWASP's cost, salted, and verifies only the right password", async () => {
    const first = await hashPassword("correct horse battery", "full");
    const second = await hashPassword("correct horse battery", "full");
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, "correct horse battery")).toBe(true);
    expect(await verifyPassword(first, "Correct horse battery")).toBe(false);
  });

  it("hashes at OWASP's cost in production, and at the cheap test cost only under vitest", async () => {
    const production = parseSettings({ NODE_ENV: "production", AUTH_SECRET: "k".repeat(43) });
    expect(PASSWORD_HASH_COSTS[production.passwordHashCost]).toEqual({
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    expect(settings().nodeEnv).toBe("test");
    const cheap = await hashPassword("correct horse battery");
    expect(cheap).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await verifyPassword(cheap, "correct horse battery")).toBe(true);
    expect(await verifyPassword(cheap, "Correct horse battery")).toBe(false);
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
