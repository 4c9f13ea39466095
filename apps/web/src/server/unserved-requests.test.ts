import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import {
  liveServerActionIds,
  refuseUnknownServerAction,
  refuseUnservedMethod,
  serverActionIds,
} from "./unserved-requests";

describe("refuseUnservedMethod", () => {
  it("lets through what some route serves", () => {
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      expect(refuseUnservedMethod(method), method).toBeNull();
    }
  });

  it("answers anything else 405 with Allow", () => {
    for (const method of ["TRACE", "TRACK", "CONNECT", "PROPFIND", "get", "BREW"]) {
      expect(refuseUnservedMethod(method), method).toMatchObject({
        status: 405,
        headers: { allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" },
      });
    }
  });
});

describe("refuseUnknownServerAction", () => {
  const known = new Set(["7f00aa"]);

  it("refuses a POST naming an action the build does not have, and never repeats the id", () => {
    for (const id of ["forged-id", "7f00ab", "", ["7f00aa", "7f00aa"]]) {
      const refusal = refuseUnknownServerAction("POST", id, known);
      expect(refusal?.status, JSON.stringify(id)).toBe(404);
      expect(refusal?.body).not.toContain("7f00");
    }
  });

  it("lets through a known action, a request without the header, and other methods", () => {
    expect(refuseUnknownServerAction("POST", "7f00aa", known)).toBeNull();
    expect(refuseUnknownServerAction("POST", undefined, known)).toBeNull();
    expect(refuseUnknownServerAction("GET", "forged-id", known)).toBeNull();
  });
});

describe("serverActionIds", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reads the ids from Next's manifest, and none without one", () => {
    dir = mkdtempSync(join(tmpdir(), "trellis-actions-"));
    expect(serverActionIds(dir).size).toBe(0);
    mkdirSync(join(dir, ".next", "server"), { recursive: true });
    const manifest = { node: { a1: { workers: {} } }, edge: { b2: {} }, encryptionKey: "k" };
    writeFileSync(join(dir, ".next", "server", "server-reference-manifest.json"), JSON.stringify(manifest));
    expect([...serverActionIds(dir)].sort()).toEqual(["a1", "b2"]);
  });

  it("under `next dev`, reads .next/dev's manifest at each call, so an action compiled since is known", () => {
    dir = mkdtempSync(join(tmpdir(), "trellis-actions-"));
    const live = liveServerActionIds(dir, ".next/dev");
    expect(live.has("a1")).toBe(false);
    mkdirSync(join(dir, ".next", "dev", "server"), { recursive: true });
    const manifest = { node: { a1: { workers: {} } }, edge: {} };
    writeFileSync(join(dir, ".next", "dev", "server", "server-reference-manifest.json"), JSON.stringify(manifest));
    expect(live.has("a1")).toBe(true);
    expect(live.has("b2")).toBe(false);
  });
});
