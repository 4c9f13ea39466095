import { readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { parseSettings, SETTING_NAMES, SettingsError, sessionKeyProblems, settingsProblems } from "./settings";

const production = { NODE_ENV: "production", AUTH_SECRET: "k".repeat(43) };

describe("parseSettings", () => {
  it("gives a fresh clone's empty environment every default, typed", () => {
    expect(parseSettings({})).toEqual({
      nodeEnv: undefined,
      databaseUrl: undefined,
      migrateOnStart: true,
      authSecret: undefined,
      appUrl: undefined,
      smtpUrl: undefined,
      mailboxDir: undefined,
      redisUrl: undefined,
      eventsStream: "trellis:events",
      rateLimitPrefix: "trellis:rate-limit",
      jobsQueue: undefined,
      port: 3000,
      logLevel: "info",
      passwordHashCost: "full",
      shutdownTimeoutMs: 10_000,
      nextHandsOverSignals: false,
      runsWorker: true,
      pageCache: true,
      anonymousReadsPerMinute: undefined,
      signUpsPerHour: undefined,
      trustedProxyHops: 0,
      seedDemoData: false,
      otlpEndpoint: undefined,
      serviceName: "trellis",
      github: undefined,
    });
    expect(parseSettings({ NODE_ENV: "test" }).logLevel).toBe("silent");
  });

  it("hashes passwords at full cost everywhere but under vitest (NODE_ENV=test)", () => {
    for (const NODE_ENV of ["production", "development", "", undefined]) {
      expect(parseSettings({ NODE_ENV }).passwordHashCost).toBe("full");
    }
    expect(parseSettings(production).passwordHashCost).toBe("full");
    expect(parseSettings({ NODE_ENV: "test" }).passwordHashCost).toBe("test");
  });

  it("takes an empty PORT as unset: 3000, never Number('') = 0, a random port", () => {
    expect(parseSettings({ PORT: "" }).port).toBe(3000);
    expect(parseSettings({ PORT: "8080" }).port).toBe(8080);
  });

  it("takes every variable set to the empty string as unset", () => {
    const empty = Object.fromEntries(SETTING_NAMES.map((name) => [name, ""]));
    expect(parseSettings(empty)).toEqual(parseSettings({}));
  });

  it("turns a complete production environment into typed values", () => {
    const parsed = parseSettings({
      ...production,
      DATABASE_URL: "postgres://app:secret@db.internal:5432/trellis",
      MIGRATE_ON_START: "false",
      REDIS_URL: "rediss://:secret@cache.internal:6380",
      EVENTS_STREAM: "app:events",
      RATE_LIMIT_PREFIX: "app:limits",
      JOBS_QUEUE: "app-jobs",
      APP_URL: "https://trellis.example",
      SMTP_URL: "smtps://user:pass@mail.example:465",
      MAILBOX_DIR: "/srv/mailbox",
      PORT: "8080",
      LOG_LEVEL: "warn",
      SHUTDOWN_TIMEOUT_MS: "15000",
      NEXT_MANUAL_SIG_HANDLE: "true",
      WORKER: "off",
      PAGE_CACHE: "off",
      ANONYMOUS_READS_PER_MINUTE: "6000",
      TRUSTED_PROXY_HOPS: "2",
      SEED_DEMO_DATA: "true",
      AUTH_GITHUB_ID: "id",
      AUTH_GITHUB_SECRET: "secret",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector.internal:4318",
      OTEL_SERVICE_NAME: "trellis-eu",
    });
    expect(parsed).toEqual({
      nodeEnv: "production",
      databaseUrl: "postgres://app:secret@db.internal:5432/trellis",
      migrateOnStart: false,
      authSecret: production.AUTH_SECRET,
      appUrl: "https://trellis.example",
      smtpUrl: "smtps://user:pass@mail.example:465",
      mailboxDir: "/srv/mailbox",
      redisUrl: "rediss://:secret@cache.internal:6380",
      eventsStream: "app:events",
      rateLimitPrefix: "app:limits",
      jobsQueue: "app-jobs",
      port: 8080,
      logLevel: "warn",
      passwordHashCost: "full",
      shutdownTimeoutMs: 15_000,
      nextHandsOverSignals: true,
      runsWorker: false,
      pageCache: false,
      anonymousReadsPerMinute: 6000,
      trustedProxyHops: 2,
      seedDemoData: true,
      otlpEndpoint: "http://collector.internal:4318",
      serviceName: "trellis-eu",
      github: { clientId: "id", clientSecret: "secret" },
    });
  });

  it("is frozen: no code path can change a setting after the start", () => {
    const parsed = parseSettings({ AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "secret" });
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(parsed.github)).toBe(true);
  });

  it("refuses an environment with problems, naming each in the start-up line's words", () => {
    expect(() => parseSettings({ PORT: "abc" })).toThrow(
      new SettingsError(['PORT must be a port number from 1 to 65535 (got "abc")']),
    );
    expect(() => parseSettings({ PORT: "0", WORKER: "no" })).toThrow(
      'PORT must be a port number from 1 to 65535 (got "0"); WORKER must be "on" or "off" (got "no")',
    );
  });
});

describe("settingsProblems for the settings that had no rule before", () => {
  it("checks MIGRATE_ON_START, TRUSTED_PROXY_HOPS, EVENTS_STREAM and RATE_LIMIT_PREFIX", () => {
    expect(
      settingsProblems({
        MIGRATE_ON_START: "no",
        TRUSTED_PROXY_HOPS: "11",
        EVENTS_STREAM: "my events",
        RATE_LIMIT_PREFIX: "x".repeat(201),
      }),
    ).toEqual([
      'MIGRATE_ON_START must be "true" or "false" (got "no")',
      "EVENTS_STREAM must be 1 to 200 characters without spaces",
      "RATE_LIMIT_PREFIX must be 1 to 200 characters without spaces",
      'TRUSTED_PROXY_HOPS must be a whole number of proxies from 0 to 10 (got "11")',
    ]);
    expect(settingsProblems({ TRUSTED_PROXY_HOPS: "-1" })).toHaveLength(1);
    expect(settingsProblems({ MIGRATE_ON_START: "true", TRUSTED_PROXY_HOPS: "0" })).toEqual([]);
  });

  it("refuses AUTH_URL and NEXTAUTH_URL: APP_URL is the public origin, and next-auth would read them", () => {
    expect(settingsProblems({ AUTH_URL: "https://trellis.example" })).toEqual([
      "AUTH_URL must not be set: the app's public origin is APP_URL (docs/auth.md)",
    ]);
    expect(settingsProblems({ NEXTAUTH_URL: "https://trellis.example" })).toEqual([
      "NEXTAUTH_URL must not be set: the app's public origin is APP_URL (docs/auth.md)",
    ]);
    expect(settingsProblems({ AUTH_URL: "" })).toEqual([]);
  });

  it("checks OTEL_EXPORTER_OTLP_ENDPOINT is an http(s) URL, without repeating it", () => {
    expect(settingsProblems({ OTEL_EXPORTER_OTLP_ENDPOINT: "grpc://user:secret@collector:4317" })).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL, e.g. http://localhost:4318 (got "grpc:…")',
    ]);
    expect(settingsProblems({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example/" })).toEqual([]);
  });
});

describe("AUTH_PROVIDER_TEST_ORIGIN: GitHub's and Google's stand-in, for tests only (ADR 055)", () => {
  const standIn = "http://127.0.0.1:9000";
  const loopbackProduction = { ...production, APP_URL: "http://127.0.0.1:41234" };

  it("is unset unless given, and then the origin the providers go to", () => {
    expect(parseSettings({}).providerTestOrigin).toBeUndefined();
    expect(parseSettings({ AUTH_PROVIDER_TEST_ORIGIN: "" }).providerTestOrigin).toBeUndefined();
    expect(parseSettings({ AUTH_PROVIDER_TEST_ORIGIN: standIn }).providerTestOrigin).toBe(standIn);
  });

  it("accepts an http(s) origin on loopback, outside production and beside a loopback APP_URL in it", () => {
    for (const origin of [standIn, "http://localhost:9000", "http://[::1]:9000", "https://127.0.0.1:9443"]) {
      expect(settingsProblems({ AUTH_PROVIDER_TEST_ORIGIN: origin }), origin).toEqual([]);
      expect(settingsProblems({ NODE_ENV: "test", AUTH_PROVIDER_TEST_ORIGIN: origin }), origin).toEqual([]);
      expect(settingsProblems({ ...loopbackProduction, AUTH_PROVIDER_TEST_ORIGIN: origin }), origin).toEqual([]);
    }
    // The e2e servers run the artifact as production, at their own loopback address.
    expect(parseSettings({ ...loopbackProduction, AUTH_PROVIDER_TEST_ORIGIN: standIn }).providerTestOrigin).toBe(
      standIn,
    );
  });

  it("refuses anything not on this machine, or more than an origin, without repeating it", () => {
    const problem = (value: string) =>
      `AUTH_PROVIDER_TEST_ORIGIN must be an http(s) origin on loopback, e.g. http://127.0.0.1:9000, with no path (${value})`;
    expect(settingsProblems({ AUTH_PROVIDER_TEST_ORIGIN: "https://github.example" })).toEqual([
      problem('got "https:…"'),
    ]);
    for (const value of [
      "http://10.0.0.5:9000",
      "http://127.0.0.1.example:9000",
      "http://localhost.example",
      "http://127.0.0.1:9000/",
      "http://127.0.0.1:9000/github",
      "http://127.0.0.1:9000?x=1",
      "ftp://127.0.0.1:9000",
      "127.0.0.1:9000",
    ]) {
      expect(settingsProblems({ AUTH_PROVIDER_TEST_ORIGIN: value }), value).toHaveLength(1);
    }
  });

  it("refuses a public APP_URL in any environment, or none in production: a deployment cannot turn it on by accident", () => {
    const refusal =
      "AUTH_PROVIDER_TEST_ORIGIN must not be set unless APP_URL is a loopback address too (in production, set to one): it replaces GitHub and Google with a test's stand-in (docs/auth.md)";
    expect(settingsProblems({ ...production, AUTH_PROVIDER_TEST_ORIGIN: standIn })).toEqual([refusal]);
    expect(
      settingsProblems({ ...production, APP_URL: "https://trellis.example", AUTH_PROVIDER_TEST_ORIGIN: standIn }),
    ).toEqual([refusal]);
    expect(() =>
      parseSettings({ ...production, APP_URL: "https://trellis.example", AUTH_PROVIDER_TEST_ORIGIN: standIn }),
    ).toThrow(refusal);
    // Outside production too: a staging box or an exposed dev server has a public APP_URL.
    for (const NODE_ENV of ["development", "test"]) {
      expect(
        settingsProblems({ NODE_ENV, APP_URL: "https://staging.example", AUTH_PROVIDER_TEST_ORIGIN: standIn }),
        NODE_ENV,
      ).toEqual([refusal]);
    }
  });
});

describe("NODE_ENV", () => {
  it("is development, test, production or unset: anything else would pass every production check as not-production", () => {
    for (const NODE_ENV of ["development", "test", "production", ""]) {
      expect(settingsProblems({ NODE_ENV, AUTH_SECRET: "k".repeat(43) })).toEqual([]);
    }
    expect(settingsProblems({ NODE_ENV: "staging" })).toEqual([
      'NODE_ENV must be development, test, production or unset (got "staging")',
    ]);
  });
});

describe("sessionKeyProblems: what serving needs beyond the settings", () => {
  it("asks production for a key of 32 characters or more, and nothing of development, tests or unset", () => {
    expect(sessionKeyProblems({ NODE_ENV: "production" })).toEqual([
      "AUTH_SECRET is not set: it is required in production (`openssl rand -base64 32`)",
    ]);
    expect(sessionKeyProblems({ NODE_ENV: "production", AUTH_SECRET: "short" })).toEqual([
      "AUTH_SECRET is too short: production needs at least 32 characters (`openssl rand -base64 32`)",
    ]);
    expect(sessionKeyProblems({ NODE_ENV: "production", AUTH_SECRET: "k".repeat(32) })).toEqual([]);
    for (const NODE_ENV of ["development", "test", undefined]) expect(sessionKeyProblems({ NODE_ENV })).toEqual([]);
  });

  it("is not a settings problem: `migrate` and `admin:create` in production sign nothing and need no key", () => {
    expect(settingsProblems({ NODE_ENV: "production", DATABASE_URL: "postgres://db.internal/app" })).toEqual([]);
  });
});

describe("TRUSTED_PROXY_HOPS", () => {
  it("is 0 when unset, else a whole number of proxies", () => {
    expect(parseSettings({}).trustedProxyHops).toBe(0);
    expect(parseSettings({ TRUSTED_PROXY_HOPS: "" }).trustedProxyHops).toBe(0);
    expect(parseSettings({ TRUSTED_PROXY_HOPS: "2" }).trustedProxyHops).toBe(2);
  });

  it("refuses anything else, naming the variable", () => {
    for (const value of ["yes", "-1", "1.5", "11"]) {
      expect(() => parseSettings({ TRUSTED_PROXY_HOPS: value }), value).toThrow(/^TRUSTED_PROXY_HOPS /);
    }
  });
});

describe("METRICS_PORT", () => {
  it("is unset unless given, else a port number", () => {
    expect(parseSettings({}).metricsPort).toBeUndefined();
    expect(parseSettings({ METRICS_PORT: "9464" }).metricsPort).toBe(9464);
    for (const value of ["0", "65536", "http"]) {
      expect(() => parseSettings({ METRICS_PORT: value }), value).toThrow(/^METRICS_PORT /);
    }
  });
});

describe(".env.example", () => {
  const example = readFileSync(join(import.meta.dirname, "..", "..", "..", ".env.example"), "utf8");
  // `NAME=value` or `# NAME=value`: a setting, set or commented out; any other line is prose.
  const keys = [...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);

  it("lists every setting once, and nothing the app does not read", () => {
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...SETTING_NAMES].sort());
  });

  it("says what each one is for, in a comment line just above it", () => {
    const lines = example.split("\n");
    lines.forEach((line, index) => {
      if (!/^(?:# )?[A-Z][A-Z0-9_]*=/.test(line)) return;
      expect(lines[index - 1], line).toMatch(/^# (?![A-Z][A-Z0-9_]*=)\S/);
    });
  });

  it("shows defaults the check accepts, and they are the defaults the settings apply", () => {
    const shownValues = Object.fromEntries(
      [...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1], match[2]]),
    );
    expect(settingsProblems(shownValues)).toEqual([]);
    // These defaults belong to what they configure (the queue's name, RATE_LIMITS): the settings leave them unset.
    expect({
      ...parseSettings(shownValues),
      jobsQueue: undefined,
      anonymousReadsPerMinute: undefined,
      signUpsPerHour: undefined,
    }).toEqual(parseSettings({}));
  });
});
