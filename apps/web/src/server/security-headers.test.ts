import { describe, expect, it } from "vitest";

import { contentSecurityPolicy, createNonce, securityHeaders } from "./security-headers";

/** The CSP as { directive: sources[] }, to assert on one directive at a time. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe("createNonce", () => {
  it("is 16 random bytes in base64, the form Next extracts from a CSP, and new every time", () => {
    const nonces = Array.from({ length: 100 }, createNonce);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(atob(nonce)).toHaveLength(16);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
  });
});

describe("contentSecurityPolicy", () => {
  const nonce = "bm9uY2Utb2YtdGhlLXRlc3Q=";

  it("in production, lets only scripts with the nonce (and what they load) run, with no eval and no inline", () => {
    const csp = directives(contentSecurityPolicy(nonce, "production"));
    expect(csp["script-src"]).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(csp["style-src"]).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(Object.values(csp).flat()).not.toContain("'unsafe-eval'");
    expect(csp["script-src"]).not.toContain("'unsafe-inline'");
  });

  it("locks down plugins, <base>, framing and form targets, and keeps connections to this origin", () => {
    const csp = directives(contentSecurityPolicy(nonce, "production"));
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'none'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["form-action"]).toEqual(["'self'"]);
    expect(csp["connect-src"]).toEqual(["'self'"]);
  });

  it("in development, also allows eval (React's server stacks) and inline styles (the dev overlay)", () => {
    const csp = directives(contentSecurityPolicy(nonce, "development"));
    expect(csp["script-src"]).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'unsafe-eval'"]);
    expect(csp["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("treats an unknown or missing NODE_ENV like production: no eval", () => {
    for (const environment of ["test", undefined]) {
      expect(contentSecurityPolicy(nonce, environment)).not.toContain("unsafe-eval");
    }
  });

  it("is a nonce Next itself would find: the first 'nonce-…' source of script-src", () => {
    const policy = contentSecurityPolicy(nonce, "production");
    const scriptSrc = policy.split(";").find((part) => part.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc.match(/'nonce-([A-Za-z0-9+/_-]+={0,2})'/)?.[1]).toBe(nonce);
  });
});

describe("securityHeaders", () => {
  it("sends HSTS only in production", () => {
    expect(securityHeaders("n", "production")["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(securityHeaders("n", "development")).not.toHaveProperty("strict-transport-security");
    expect(securityHeaders("n", "test")).not.toHaveProperty("strict-transport-security");
  });

  it("always sends the CSP with the given nonce and the other hardening headers", () => {
    for (const environment of ["production", "development"]) {
      const headers = securityHeaders("abc", environment);
      expect(headers["content-security-policy"]).toContain("'nonce-abc'");
      expect(headers).toMatchObject({
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
        "x-frame-options": "DENY",
        "cross-origin-opener-policy": "same-origin",
      });
      expect(headers["permissions-policy"]).toContain("camera=()");
      expect(headers["permissions-policy"]).toContain("geolocation=()");
    }
  });

  it("has lowercase names with values a header can carry", () => {
    for (const [name, value] of Object.entries(securityHeaders(createNonce(), "production"))) {
      expect(name).toBe(name.toLowerCase());
      expect(value).not.toMatch(/[\r\n]/);
      expect(value.trim()).toBe(value);
    }
  });
});
