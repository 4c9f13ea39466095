import { isIP } from "node:net";

export interface ClientIpSources {
  /** The peer of the TCP connection, when this process can see it (the production server can, Next's handlers cannot). */
  socketAddress: string | null | undefined;
  /** The X-Forwarded-For header(s), as received. */
  forwardedFor: string | readonly string[] | null | undefined;
  /** How many proxies in front of the app append to X-Forwarded-For (0: trust none). */
  trustedHops: number;
}

/**
 * The client's address, as far as this server can trust it, for per-address
 * rate limits; null when it cannot be known.
 *
 * With no trusted proxy it is the socket's peer, and X-Forwarded-For is
 * ignored: any client can write that header. Behind `trustedHops` proxies,
 * each appending the address it was reached from, it is the one that many
 * places from the right of X-Forwarded-For — the address the outermost proxy
 * saw; whatever stands left of it came from the client and is ignored.
 *
 * An IPv4-mapped IPv6 address counts as the IPv4 one, and an IPv6 address as
 * its /64: one subscriber usually holds a whole /64, so counting single
 * addresses would give them billions of fresh budgets.
 */
export function clientIp({ socketAddress, forwardedFor, trustedHops }: ClientIpSources): string | null {
  if (trustedHops === 0) return rateLimitKeyOf(socketAddress);
  const hops = (typeof forwardedFor === "string" ? [forwardedFor] : (forwardedFor ?? []))
    .flatMap((header) => header.split(","))
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "");
  // Fewer entries than proxies: the request skipped the outer ones, and the leftmost is what the first proxy saw.
  const chosen = hops.length > 0 ? hops[Math.max(0, hops.length - trustedHops)] : socketAddress;
  return rateLimitKeyOf(chosen);
}

/** An address as a rate-limit key: validated, without a port, IPv4-mapped as IPv4, IPv6 as its /64; null if it is no address. */
export function rateLimitKeyOf(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const address = withoutPort(raw.trim());
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  if (mapped) return mapped;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

/** "1.2.3.4:5678" → "1.2.3.4", "[::1]:80" → "::1" (some proxies write ports); anything else as it is. */
function withoutPort(address: string): string {
  const bracketed = address.match(/^\[([^\]]+)\](?::\d+)?$/);
  if (bracketed?.[1]) return bracketed[1];
  const v4WithPort = address.match(/^(\d+\.\d+\.\d+\.\d+):\d+$/);
  return v4WithPort?.[1] ?? address;
}

/** The eight groups of a valid IPv6 address, each without leading zeros, lower-case. */
function expandIPv6(address: string): string[] {
  const withoutZone = address.split("%")[0] ?? address;
  // A trailing dotted IPv4 part is two groups.
  const dotted = withoutZone.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  let text = withoutZone;
  if (dotted?.[1] && dotted[2]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[2].split(".").map(Number);
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}
