import { describe, expect, it } from "vitest";

import { clientIp, rateLimitKeyOf } from "./client-ip";

describe("the client's address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    for (const forwardedFor of [undefined, null, "6.6.6.6", "6.6.6.6, 7.7.7.7", ["6.6.6.6", "7.7.7.7"]]) {
      expect(clientIp({ socketAddress: "203.0.113.5", forwardedFor, trustedHops: 0 })).toBe("203.0.113.5");
    }
  });

  it("is unknown with no socket and no trusted proxy (Next's handlers under `next start`): the header is never used", () => {
    expect(clientIp({ socketAddress: null, forwardedFor: "6.6.6.6", trustedHops: 0 })).toBeNull();
  });

  it("behind one trusted proxy, is the address that proxy appended: what the client wrote before it is ignored", () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the proxy appended the address it saw.
    const sources = { socketAddress: "10.0.0.2", forwardedFor: "6.6.6.6, 198.51.100.7", trustedHops: 1 };
    expect(clientIp(sources)).toBe("198.51.100.7");
    // Under `next start` the socket is unknown; the answer is the same.
    expect(clientIp({ ...sources, socketAddress: null })).toBe("198.51.100.7");
  });

  it("behind two trusted proxies, is the second address from the right, across repeated headers", () => {
    const forwardedFor = ["6.6.6.6, 198.51.100.7", "10.0.0.1"];
    expect(clientIp({ socketAddress: "10.0.0.2", forwardedFor, trustedHops: 2 })).toBe("198.51.100.7");
  });

  it("with fewer entries than trusted proxies, is the leftmost: what the first proxy reached saw", () => {
    expect(clientIp({ socketAddress: "10.0.0.2", forwardedFor: "198.51.100.7", trustedHops: 2 })).toBe("198.51.100.7");
  });

  it("falls back to the socket when a trusted proxy sent no X-Forwarded-For", () => {
    expect(clientIp({ socketAddress: "10.0.0.2", forwardedFor: undefined, trustedHops: 1 })).toBe("10.0.0.2");
    expect(clientIp({ socketAddress: "10.0.0.2", forwardedFor: " , ", trustedHops: 1 })).toBe("10.0.0.2");
  });

  it("is unknown when the trusted entry is not an address", () => {
    expect(clientIp({ socketAddress: "10.0.0.2", forwardedFor: "6.6.6.6, unknown", trustedHops: 1 })).toBeNull();
  });
});

describe("an address as a rate-limit key", () => {
  it("keeps IPv4, drops ports, and reads IPv4-mapped IPv6 as IPv4", () => {
    expect(rateLimitKeyOf("198.51.100.7")).toBe("198.51.100.7");
    expect(rateLimitKeyOf("198.51.100.7:51234")).toBe("198.51.100.7");
    expect(rateLimitKeyOf("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(rateLimitKeyOf("::FFFF:127.0.0.1")).toBe("127.0.0.1");
  });

  it("counts IPv6 by its /64, however the address is written", () => {
    const key = "2001:db8:85a3:8d3::/64";
    for (const address of [
      "2001:db8:85a3:8d3:1319:8a2e:370:7348",
      "2001:0db8:85a3:08d3::1",
      "[2001:db8:85a3:8d3::abcd]:443",
      "2001:DB8:85A3:8D3:0:0:0:1",
      "2001:db8:85a3:8d3::1%eth0",
    ]) {
      expect(rateLimitKeyOf(address), address).toBe(key);
    }
    expect(rateLimitKeyOf("::1")).toBe("0:0:0:0::/64");
    expect(rateLimitKeyOf("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(rateLimitKeyOf("64:ff9b::198.51.100.7")).toBe("64:ff9b:0:0::/64");
  });

  it("is null for what is not an address", () => {
    for (const raw of [undefined, null, "", "unknown", "example.com", "1.2.3", "::g"])
      expect(rateLimitKeyOf(raw)).toBeNull();
  });
});
