import type { IncomingMessage } from "node:http";

import { clientIp } from "@trellis/api/rate-limit";
import { settings } from "@trellis/validators/settings";

/*
 * The client's address for per-address rate limits, from what this process
 * can trust (docs/security.md, "Rate limits"):
 *
 * - The production server (server.ts) sees the socket. It derives the address
 *   (the peer, or X-Forwarded-For behind TRUSTED_PROXY_HOPS proxies) and
 *   writes it into CLIENT_IP_HEADER on every request, over anything a client
 *   sent under that name, before its lean tRPC path or Next reads it.
 * - Under `next dev` / `next start`, Next hands route handlers no socket. All
 *   it offers is X-Forwarded-For, which it sets to the peer's address only
 *   when the request came without one (next/dist/server/base-server.js:
 *   `req.headers['x-forwarded-for'] ??= socket.remoteAddress`) — so the
 *   header may be the client's own words. It is read only behind trusted
 *   proxies (TRUSTED_PROXY_HOPS), whose entry is the rightmost ones; with
 *   none, the address is unknown and per-address limits do not apply.
 *
 * The flag telling the two apart is on globalThis: Next's route bundles load
 * their own copy of this module, and must see what server.ts set.
 */
const CLIENT_IP_HEADER = "x-trellis-client-ip";

const globalForClientIp = globalThis as typeof globalThis & {
  trellisStampsClientIp?: boolean;
  trellisTrustedProxyHops?: number;
  trellisWarnedNoClientIp?: boolean;
};

/** TRUSTED_PROXY_HOPS, read once (startup checks it, so a bad value stops the server there). */
export function trustedProxyHops(): number {
  globalForClientIp.trellisTrustedProxyHops ??= settings().trustedProxyHops;
  return globalForClientIp.trellisTrustedProxyHops;
}

/** The production server, for every request before anything else reads it: the trusted address, in CLIENT_IP_HEADER. */
export function stampClientIp(req: IncomingMessage): void {
  globalForClientIp.trellisStampsClientIp = true;
  const ip = clientIp({
    socketAddress: req.socket.remoteAddress,
    forwardedFor: req.headers["x-forwarded-for"],
    trustedHops: trustedProxyHops(),
  });
  if (ip) req.headers[CLIENT_IP_HEADER] = ip;
  else delete req.headers[CLIENT_IP_HEADER];
}

/** The client's address for a request's headers (route handlers, server components, the lean path); null if unknown. */
export function clientIpFromHeaders(headers: Headers): string | null {
  if (globalForClientIp.trellisStampsClientIp) return headers.get(CLIENT_IP_HEADER);
  const ip = clientIp({
    socketAddress: null,
    forwardedFor: headers.get("x-forwarded-for"),
    trustedHops: trustedProxyHops(),
  });
  if (ip === null && settings().nodeEnv === "production" && !globalForClientIp.trellisWarnedNoClientIp) {
    globalForClientIp.trellisWarnedNoClientIp = true;
    console.warn(
      "Rate limits per address are off: under `next start` the app cannot see the client's address. " +
        "Serve with `pnpm start` (apps/web/server.ts), or set TRUSTED_PROXY_HOPS behind a proxy that sets X-Forwarded-For.",
    );
  }
  return ip;
}
