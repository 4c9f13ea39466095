import { parseSettings } from "@trellis/validators/settings";
import { describe, expect, it } from "vitest";

import { envProblems, serverSettings } from "./env";

const production = { NODE_ENV: "production", AUTH_SECRET: "k".repeat(43) };

describe("envProblems", () => {
  it("accepts a fresh clone's empty environment in development, and a complete one in production", () => {
    expect(envProblems({ NODE_ENV: "development" })).toEqual([]);
    expect(
      envProblems({
        ...production,
        DATABASE_URL: "postgres://app:secret@db.internal:5432/trellis",
        REDIS_URL: "rediss://:secret@cache.internal:6380",
        APP_URL: "https://trellis.example",
        SMTP_URL: "smtps://user:pass@mail.example:465",
        PORT: "8080",
        LOG_LEVEL: "warn",
        SHUTDOWN_TIMEOUT_MS: "15000",
        AUTH_GITHUB_ID: "id",
        AUTH_GITHUB_SECRET: "secret",
      }),
    ).toEqual([]);
  });

  it("takes every SQLite spelling as a file, and empty as unset", () => {
    for (const url of ["file:data/app.db", "/srv/data/app.db", "data/app.db", ":memory:", "postgresql://h/db", ""]) {
      expect(envProblems({ DATABASE_URL: url }), url).toEqual([]);
    }
  });

  it("names the variable and shows a URL by its scheme only, never its password", () => {
    const problems = envProblems({ DATABASE_URL: "mysql://root:hunter2@db/app", REDIS_URL: "localhost:6379" });
    expect(problems).toEqual([
      'DATABASE_URL must be a file path or a postgres:// URL (got "mysql:…")',
      'REDIS_URL must be a redis:// or rediss:// URL (got "localhost:…")',
    ]);
    expect(problems.join()).not.toContain("hunter2");
  });

  it("requires a long enough AUTH_SECRET in production only, without showing it", () => {
    expect(envProblems({ NODE_ENV: "production" })).toEqual([
      "AUTH_SECRET is not set: it is required in production (`openssl rand -base64 32`)",
    ]);
    const short = envProblems({ NODE_ENV: "production", AUTH_SECRET: "changeme" });
    expect(short).toEqual([
      "AUTH_SECRET is too short: production needs at least 32 characters (`openssl rand -base64 32`)",
    ]);
    expect(short.join()).not.toContain("changeme");
    expect(envProblems({ NODE_ENV: "development", AUTH_SECRET: "changeme" })).toEqual([]);
  });

  it("refuses a bad PORT, LOG_LEVEL, SHUTDOWN_TIMEOUT_MS, APP_URL or SMTP_URL, and half a GitHub sign-in", () => {
    expect(
      envProblems({
        ...production,
        PORT: "80a",
        LOG_LEVEL: "loud",
        SHUTDOWN_TIMEOUT_MS: "-1",
        APP_URL: "trellis.example",
        SMTP_URL: "http://mail",
        AUTH_GITHUB_ID: "id",
      }),
    ).toEqual([
      "APP_URL must be an http:// or https:// URL, e.g. https://trellis.example (got no URL scheme)",
      'SMTP_URL must be an smtp:// or smtps:// URL (got "http:…")',
      'PORT must be a port number from 1 to 65535 (got "80a")',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'SHUTDOWN_TIMEOUT_MS must be a number of milliseconds up to 600000 (got "-1")',
      "AUTH_GITHUB_SECRET is not set: AUTH_GITHUB_ID and AUTH_GITHUB_SECRET turn GitHub sign-in on together",
    ]);
    expect(envProblems({ PORT: "65536" })).toHaveLength(1);
  });

  it("switches a sign-in provider on only when fully set, and an OpenID issuer only over https (http on loopback)", () => {
    const oidc = { AUTH_OIDC_ISSUER: "https://sso.example.com", AUTH_OIDC_ID: "id", AUTH_OIDC_SECRET: "secret" };
    expect(envProblems({ ...production, ...oidc, AUTH_GOOGLE_ID: "g", AUTH_GOOGLE_SECRET: "s" })).toEqual([]);
    expect(parseSettings({ ...production, ...oidc }).oidc).toEqual({
      issuer: "https://sso.example.com",
      clientId: "id",
      clientSecret: "secret",
      name: "Single sign-on",
    });
    expect(parseSettings({ ...production, ...oidc, AUTH_OIDC_NAME: "Acme" }).oidc?.name).toBe("Acme");
    expect(parseSettings({ ...production }).oidc).toBeUndefined();
    expect(parseSettings({ ...production, AUTH_GOOGLE_ID: "g", AUTH_GOOGLE_SECRET: "s" }).google).toEqual({
      clientId: "g",
      clientSecret: "s",
    });

    expect(envProblems({ ...production, AUTH_GOOGLE_SECRET: "s" })).toEqual([
      "AUTH_GOOGLE_ID is not set: AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET turn Google sign-in on together",
    ]);
    expect(envProblems({ ...production, AUTH_OIDC_ID: "id" })).toEqual([
      "AUTH_OIDC_ISSUER is not set: AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET turn OpenID Connect sign-in on together",
      "AUTH_OIDC_SECRET is not set: AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET turn OpenID Connect sign-in on together",
    ]);
    const issuerProblem = 'AUTH_OIDC_ISSUER must be an https:// URL (http:// only on loopback) (got "http:…")';
    expect(envProblems({ ...production, ...oidc, AUTH_OIDC_ISSUER: "http://sso.example.com" })).toEqual([
      issuerProblem,
    ]);
    expect(envProblems({ ...production, ...oidc, AUTH_OIDC_ISSUER: "http://10.0.0.5:8080" })).toEqual([issuerProblem]);
    for (const loopback of ["http://127.0.0.1:9000", "http://localhost:9000/realms/test", "http://[::1]:9000"]) {
      expect(envProblems({ ...production, ...oidc, AUTH_OIDC_ISSUER: loopback }), loopback).toEqual([]);
    }
  });

  it("takes SEED_DEMO_DATA as exactly true or false: anything else is a typo, not a quiet no", () => {
    expect(envProblems({ ...production, SEED_DEMO_DATA: "true" })).toEqual([]);
    expect(envProblems({ ...production, SEED_DEMO_DATA: "false" })).toEqual([]);
    expect(envProblems({ ...production, SEED_DEMO_DATA: "yes" })).toEqual([
      'SEED_DEMO_DATA must be "true" or "false" (got "yes")',
    ]);
  });

  it("takes ANONYMOUS_READS_PER_MINUTE as a whole number of reads, at least one", () => {
    expect(envProblems({ ...production, ANONYMOUS_READS_PER_MINUTE: "6000" })).toEqual([]);
    expect(envProblems({ ...production, ANONYMOUS_READS_PER_MINUTE: "0" })).toEqual([
      'ANONYMOUS_READS_PER_MINUTE must be a whole number from 1 to 1000000000 (got "0")',
    ]);
    expect(envProblems({ ...production, ANONYMOUS_READS_PER_MINUTE: "lots" })).toHaveLength(1);
  });

  it("takes SIGN_UPS_PER_HOUR as a whole number of sign-ups, at least one", () => {
    expect(envProblems({ ...production, SIGN_UPS_PER_HOUR: "500" })).toEqual([]);
    expect(envProblems({ ...production, SIGN_UPS_PER_HOUR: "0" })).toEqual([
      'SIGN_UPS_PER_HOUR must be a whole number from 1 to 1000000000 (got "0")',
    ]);
  });
});

describe("serverSettings", () => {
  it("drains for 10 s unless SHUTDOWN_TIMEOUT_MS says otherwise", () => {
    expect(serverSettings({}).shutdownTimeoutMs).toBe(10_000);
    expect(serverSettings({ SHUTDOWN_TIMEOUT_MS: "2500" }).shutdownTimeoutMs).toBe(2500);
  });
});
