import { transformer } from "@trellis/api/transformer";
import { describe, expect, it } from "vitest";

import { crossSiteRefusal, isCrossSiteWrite, type RequestOrigin } from "./origin-check";

const APP = "http://127.0.0.1:4000";

function request(overrides: Partial<RequestOrigin>): RequestOrigin {
  return {
    method: "POST",
    url: "/api/v1/posts",
    origin: null,
    host: "127.0.0.1:4000",
    secFetchSite: null,
    ...overrides,
  };
}

describe("isCrossSiteWrite", () => {
  it("refuses a write whose Origin is another site", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      expect(isCrossSiteWrite(request({ method, origin: "https://evil.example" }), APP)).toBe(true);
    }
  });

  it("lets reads through whatever their Origin: they change nothing", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      const read = request({ method, origin: "https://evil.example", secFetchSite: "cross-site" });
      expect(isCrossSiteWrite(read, APP)).toBe(false);
    }
  });

  it("lets a write from the app's own pages through", () => {
    expect(isCrossSiteWrite(request({ origin: APP, secFetchSite: "same-origin" }), APP)).toBe(false);
  });

  it("lets a write with no Origin and no Sec-Fetch-Site through: curl, scripts, the typed client", () => {
    expect(isCrossSiteWrite(request({}), APP)).toBe(false);
    expect(isCrossSiteWrite(request({ host: undefined }), undefined)).toBe(false);
  });

  it("refuses Sec-Fetch-Site: cross-site even without an Origin", () => {
    expect(isCrossSiteWrite(request({ secFetchSite: "cross-site" }), APP)).toBe(true);
  });

  it("refuses Origin: null (a sandboxed frame, a redirect from elsewhere)", () => {
    expect(isCrossSiteWrite(request({ origin: "null" }), APP)).toBe(true);
    expect(isCrossSiteWrite(request({ origin: "null" }), undefined)).toBe(true);
  });

  describe("with APP_URL set, its origin is the app's", () => {
    it("compares scheme, host and port, and ignores APP_URL's path", () => {
      const app = "https://app.example.com/base/";
      expect(isCrossSiteWrite(request({ origin: "https://app.example.com" }), app)).toBe(false);
      expect(isCrossSiteWrite(request({ origin: "http://app.example.com" }), app)).toBe(true);
      expect(isCrossSiteWrite(request({ origin: "https://app.example.com:8443" }), app)).toBe(true);
      expect(isCrossSiteWrite(request({ origin: "https://other.example.com" }), app)).toBe(true);
      expect(isCrossSiteWrite(request({ origin: "https://app.example.com.evil.example" }), app)).toBe(true);
    });

    it("does not trust the Host header, which the client chooses", () => {
      const spoofed = request({ origin: "https://evil.example", host: "evil.example" });
      expect(isCrossSiteWrite(spoofed, "https://app.example.com")).toBe(true);
    });

    it("says so when APP_URL is no URL", () => {
      expect(() => isCrossSiteWrite(request({ origin: APP }), "app.example.com")).toThrow(/APP_URL/);
    });
  });

  describe("without APP_URL, the Host the request was sent to is the app's", () => {
    it("accepts an Origin on that host and port, whatever the scheme a proxy in front terminated", () => {
      expect(isCrossSiteWrite(request({ origin: "http://localhost:3000", host: "localhost:3000" }), undefined)).toBe(
        false,
      );
      expect(isCrossSiteWrite(request({ origin: "https://App.Example.com", host: "app.example.com" }), undefined)).toBe(
        false,
      );
    });

    it("refuses another host or port, and refuses when there is no Host to compare with", () => {
      expect(isCrossSiteWrite(request({ origin: "http://localhost:3001", host: "localhost:3000" }), undefined)).toBe(
        true,
      );
      expect(isCrossSiteWrite(request({ origin: "https://evil.example", host: "localhost:3000" }), undefined)).toBe(
        true,
      );
      expect(isCrossSiteWrite(request({ origin: "http://localhost:3000", host: undefined }), undefined)).toBe(true);
    });

    it("treats an empty APP_URL as unset", () => {
      expect(isCrossSiteWrite(request({ origin: "http://localhost:3000", host: "localhost:3000" }), "")).toBe(false);
    });
  });
});

describe("crossSiteRefusal", () => {
  it("answers REST with a problem", () => {
    const refusal = crossSiteRefusal("/api/v1/posts/123/likes", "req-1");
    expect(refusal.status).toBe(403);
    expect(refusal.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(refusal.body)).toMatchObject({
      type: "about:blank",
      title: "Forbidden",
      status: 403,
      code: "FORBIDDEN",
      detail: expect.stringContaining("Cross-site request refused"),
      requestId: "req-1",
    });
    expect(refusal.headers["x-request-id"]).toBe("req-1");
  });

  /** What the tRPC client makes of an error entry: the shape, through the app's transformer. */
  const errorShape = (entry: { error: unknown }) => transformer.output.deserialize(entry.error);

  it("answers one tRPC call with tRPC's error shape, through the app's transformer, as the typed client reads it", () => {
    const refusal = crossSiteRefusal("/api/trpc/post.create", "req-1");
    expect(refusal.headers["content-type"]).toBe("application/json");
    expect(errorShape(JSON.parse(refusal.body))).toEqual({
      message: expect.stringContaining("Cross-site request refused"),
      code: -32003,
      data: { code: "FORBIDDEN", httpStatus: 403, path: "post.create", requestId: "req-1", fieldErrors: null },
    });
  });

  it("answers a tRPC batch with one error per call, in order", () => {
    const body: { error: unknown }[] = JSON.parse(
      crossSiteRefusal("/api/trpc/like.add%2Cpost.create?batch=1", "req-1").body,
    );
    expect(body.map((entry) => errorShape(entry))).toMatchObject([
      { data: { code: "FORBIDDEN", path: "like.add" } },
      { data: { code: "FORBIDDEN", path: "post.create" } },
    ]);
  });

  it("answers anything else (Auth.js, pages) in plain text", () => {
    const refusal = crossSiteRefusal("/api/auth/callback/credentials", "req-1");
    expect(refusal.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(refusal.body).toContain("Cross-site request refused");
    expect(refusal.body).toContain("req-1");
  });
});
