import { describe, expect, it } from "vitest";

import { cursorInput, decodeCursor, encodeCursor } from "./pagination";

describe("cursor tokens", () => {
  const cursor = { createdAt: new Date("2026-01-02T03:04:05.678Z"), id: "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a" };

  it("round-trip through an opaque URL-safe string", () => {
    const token = encodeCursor(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token)).toEqual(cursor);
  });

  it("decode to null when tampered with", () => {
    expect(decodeCursor("garbage!")).toBeNull();
    expect(decodeCursor(btoa(JSON.stringify({ t: "soon", id: 1 })))).toBeNull();
  });

  it("decode to null past the last moment a Date can hold, or with an id no database stores", () => {
    expect(decodeCursor(btoa(JSON.stringify({ t: 8.64e15, id: "x" })))?.createdAt.getTime()).toBe(8.64e15);
    expect(decodeCursor(btoa(JSON.stringify({ t: 8.64e15 + 1, id: "x" })))).toBeNull();
    expect(decodeCursor(btoa(JSON.stringify({ t: 1, id: "x\u0000" })))).toBeNull();
  });
});

describe("cursorInput", () => {
  const input = cursorInput({ defaultLimit: 20, maxLimit: 50 });

  it("defaults the limit and decodes the cursor", () => {
    const token = encodeCursor({ createdAt: new Date(1000), id: "x" });
    expect(input.parse({})).toEqual({ limit: 20 });
    expect(input.parse({ cursor: token }).cursor).toEqual({ createdAt: new Date(1000), id: "x" });
  });

  it("rejects an out-of-range limit and a malformed cursor as field errors", () => {
    const result = input.safeParse({ limit: 51, cursor: "nope" });
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual(["limit", "cursor"]);
  });
});
