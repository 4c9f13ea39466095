import { parseSettings } from "@trellis/validators/settings";
import { afterAll, describe, expect, it } from "vitest";

import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./seed";
import { DEMO_DATA_REFUSED, demoDataPolicy, demoDataWarning, seedDemoDataIfAllowed } from "./seed-policy";
import { createTestDatabase } from "./testing";

const db = await createTestDatabase();

/** The settings an environment gives, as the app parses them (production needs a long AUTH_SECRET). */
const settingsOf = (env: Record<string, string>) => parseSettings({ AUTH_SECRET: "k".repeat(43), ...env });
const policyOf = (env: Record<string, string>) => demoDataPolicy(settingsOf(env));
afterAll(() => db.close());

describe("demoDataPolicy", () => {
  it("seeds in development and tests only, never elsewhere unless SEED_DEMO_DATA=true", () => {
    expect(policyOf({ NODE_ENV: "development" })).toBe("seed");
    expect(policyOf({ NODE_ENV: "test" })).toBe("seed");
    expect(policyOf({ NODE_ENV: "production" })).toBe("never");
    // Unset is not development: a worker or a bare `node server.mjs` beside production would seed it.
    expect(policyOf({})).toBe("never");
    // Any other NODE_ENV never gets this far: the settings refuse it at start (ADR 033).
    expect(() => policyOf({ NODE_ENV: "staging" })).toThrow("NODE_ENV must be development, test, production or unset");
    expect(policyOf({ SEED_DEMO_DATA: "true" })).toBe("seed-loudly");
    expect(policyOf({ NODE_ENV: "production", SEED_DEMO_DATA: "false" })).toBe("never");
    expect(policyOf({ NODE_ENV: "production", SEED_DEMO_DATA: "" })).toBe("never");
    // Only the exact word opts in: "1", "yes" or "TRUE" are not a loud enough yes — they stop the start.
    for (const value of ["1", "yes", "TRUE"]) {
      expect(() => policyOf({ NODE_ENV: "production", SEED_DEMO_DATA: value }), value).toThrow(
        `SEED_DEMO_DATA must be "true" or "false" (got "${value}")`,
      );
    }
    expect(policyOf({ NODE_ENV: "production", SEED_DEMO_DATA: "true" })).toBe("seed-loudly");
  });

  it("says why in one line, and the warning names the public admin account", () => {
    expect(DEMO_DATA_REFUSED).not.toContain("\n");
    expect(DEMO_DATA_REFUSED).toContain("pnpm admin:create");
    for (const seeded of [true, false]) {
      expect(demoDataWarning(seeded)).not.toContain("\n");
      expect(demoDataWarning(seeded)).toContain(`${ADMIN_EMAIL} / ${ADMIN_PASSWORD}`);
    }
  });
});

describe("seedDemoDataIfAllowed", () => {
  it("inserts nothing into an empty production database", async () => {
    expect(await seedDemoDataIfAllowed(db, settingsOf({ NODE_ENV: "production" }))).toEqual({
      policy: "never",
      seeded: false,
    });
    expect(await db.isEmpty()).toBe(true);
  });

  it("seeds it with the opt-in, and then leaves it alone", async () => {
    const env = settingsOf({ NODE_ENV: "production", SEED_DEMO_DATA: "true" });
    expect(await seedDemoDataIfAllowed(db, env)).toEqual({ policy: "seed-loudly", seeded: true });
    expect(await db.data.users.byEmail(ADMIN_EMAIL)).toMatchObject({ role: "admin" });
    expect(await seedDemoDataIfAllowed(db, env)).toEqual({ policy: "seed-loudly", seeded: false });
    expect(await seedDemoDataIfAllowed(db, settingsOf({ NODE_ENV: "development" }))).toEqual({
      policy: "seed",
      seeded: false,
    });
  });
});
