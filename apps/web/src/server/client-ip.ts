import type { IncomingMessage } from "node:http";

import { clientIp } from "@trellis/server/rate-limit";
import { settings } from "@trellis/validators/settings";

import { requestScope } from "./request-scope";

/*
 * The client's address for per-address rate limits, from what this process
 * can trust (docs/security.md, "Rate limits"; docs/decisions/032):
 *
 * - The front door (./front-door.ts), which every request passes under
 *   `pnpm start`, `next start` and `next dev` alike, sees the socket. It
 *   derives the address — the peer, or X-Forwarded-For behind
 *   TRUSTED_PROXY_HOPS proxies — once, and keeps it in the request's scope
 *   (./request-scope.ts), where no header a client sends can reach it.
 * - A request that came in without a front door (a host that runs Next
 *   without its Node server, such as a serverless function, or the few
 *   requests Next takes while it is still starting, before instrumentation
 *   has run) has no scope. Its handlers see no socket, only X-Forwarded-For,
 *   which Next fills with the peer's address only when the request came
 *   without one (`??=` in next/dist/server/base-server.js) — so it may be the
 *   client's own words. It is read only behind trusted proxies, whose entries
 *   are the rightmost; with none, the address is unknown and per-address
 *   limits do not apply.
 */

const globalForClientIp = globalThis as typeof globalThis & {
  trellisTrustedProxyHops?: number;
  trellisWarnedNoClientIp?: boolean;
};

/** TRUSTED_PROXY_HOPS, read once (startup checks it, so a bad value stops the server there). */
export function trustedProxyHops(): number {
  globalForClientIp.trellisTrustedProxyHops ??= settings().trustedProxyHops;
  return globalForClientIp.trellisTrustedProxyHops;
}

/** The front door, once per request: the address from the socket (or the trusted proxies' header). */
export function clientIpOf(req: IncomingMessage): string | null {
  return clientIp({
    socketAddress: req.socket.remoteAddress,
    forwardedFor: req.headers["x-forwarded-for"],
    trustedHops: trustedProxyHops(),
  });
}

/** The client's address for a request's headers (route handlers, server components, the lean path); null if unknown. */
export function clientIpFromHeaders(headers: Headers): string | null {
  const scope = requestScope().getStore();
  if (scope) return scope.clientIp;
  const ip = clientIp({
    socketAddress: null,
    forwardedFor: headers.get("x-forwarded-for"),
    trustedHops: trustedProxyHops(),
  });
  if (ip === null && settings().nodeEnv === "production" && !globalForClientIp.trellisWarnedNoClientIp) {
    globalForClientIp.trellisWarnedNoClientIp = true;
    console.warn(
      "Rate limits per address are off for a request that came in without the app's front door, which reads the " +
        "client's address from the socket: set TRUSTED_PROXY_HOPS behind a proxy that sets X-Forwarded-For " +
        "(docs/decisions/032).",
    );
  }
  return ip;
}
