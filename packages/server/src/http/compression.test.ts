import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { acceptsGzip, encodeFor, MIN_COMPRESSED_BYTES, varyAlso } from "./compression";

describe("acceptsGzip", () => {
  it.each([
    ["gzip", true],
    ["gzip, deflate, br", true],
    ["br;q=1.0, gzip;q=0.8", true],
    ["*", true],
    [["deflate", "gzip"], true],
    ["GZIP", true],
    ["gzip;q=0", false],
    ["gzip;q=0.000, identity", false],
    ["gzip;q=0, *", false],
    ["*, gzip;q=0", false],
    ["*;q=0, gzip", true],
    ["*;q=0", false],
    ["identity", false],
    ["br", false],
    ["", false],
    [undefined, false],
  ] as const)("%j → %s", (header, expected) => {
    expect(acceptsGzip(header as string | string[] | undefined)).toBe(expected);
  });
});

describe("encodeFor", () => {
  const big = Buffer.from("a feed page ".repeat(200));

  it("gzips a body worth it for a client that takes gzip", () => {
    const encoded = encodeFor("gzip", big);
    expect(encoded.headers).toEqual({ "content-encoding": "gzip", vary: "accept-encoding" });
    expect(gunzipSync(encoded.body).equals(big)).toBe(true);
  });

  it("leaves it for a client that does not, saying it could have", () => {
    expect(encodeFor("identity", big)).toEqual({ body: big, headers: { vary: "accept-encoding" } });
  });

  it("leaves a small body alone whoever asks", () => {
    const small = Buffer.alloc(MIN_COMPRESSED_BYTES - 1, "x");
    expect(encodeFor("gzip", small)).toEqual({ body: small, headers: {} });
  });
});

describe("varyAlso", () => {
  it.each([
    [undefined, "accept-encoding"],
    ["cookie", "cookie, accept-encoding"],
    ["rsc, Accept-Encoding", "rsc, Accept-Encoding"],
    [["rsc", "cookie"], "rsc, cookie, accept-encoding"],
  ] as const)("%j → %s", (vary, expected) => {
    expect(varyAlso(vary as string | string[] | undefined, "accept-encoding")).toBe(expected);
  });
});
