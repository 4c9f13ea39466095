import type { IncomingMessage, ServerResponse } from "node:http";

import { REQUEST_ID_HEADER, requestIdFrom } from "@trellis/api/request-id";

import { crossSiteRefusal, isCrossSiteWrite } from "./origin-check";
import { createNonce, securityHeaders } from "./security-headers";

/**
 * What the Next proxy (src/proxy.ts) does for Next, done on Node's request for
 * the production server (server.ts), whose lean tRPC path answers without
 * Next: sets the security headers on `res`, and answers a cross-site write
 * with 403. Returns true when it answered.
 *
 * The headers are set before anyone writes, so they reach every response the
 * server sends: the lean path's, and Next's static files, which the proxy
 * skips. For what Next renders, the proxy sets the CSP again with the nonce it
 * gave the page (setHeader replaces, so there is only ever one policy).
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const headers = securityHeaders(createNonce(), process.env.NODE_ENV);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);

  const url = req.url ?? "/";
  const request = {
    method: req.method ?? "GET",
    url,
    origin: req.headers.origin,
    host: req.headers.host,
    secFetchSite: req.headers["sec-fetch-site"],
  };
  if (!isCrossSiteWrite(request)) return false;
  const sentId = req.headers[REQUEST_ID_HEADER];
  const refusal = crossSiteRefusal(url, requestIdFrom(typeof sentId === "string" ? sentId : undefined));
  res.writeHead(refusal.status, { ...refusal.headers, "content-length": Buffer.byteLength(refusal.body) });
  res.end(refusal.body);
  return true;
}
