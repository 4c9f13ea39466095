import { REQUEST_ID_HEADER, requestIdFrom } from "@trellis/api/request-id";
import { settings } from "@trellis/validators/settings";
import { type NextRequest, NextResponse } from "next/server";

import { crossSiteRefusal, isCrossSiteWrite } from "./server/origin-check";
import { createNonce, securityHeaders } from "./server/security-headers";

/**
 * Runs before Next answers anything but its build assets, under `next dev`,
 * `next start` and the production server alike (docs/decisions/020): gives
 * every response the security headers with a fresh CSP nonce. Next reads that
 * nonce from the request's CSP header and stamps it on the scripts it renders
 * — which is why every page renders per request (the root layout is
 * force-dynamic).
 *
 * It also refuses cross-site writes. The front door (server/front-door.ts)
 * has already refused them under all three servers (docs/decisions/032); this
 * is for what reaches Next without one: a host that runs Next's handlers
 * without its Node server, and the requests Next takes while it starts.
 */
export function proxy(request: NextRequest) {
  const headers = securityHeaders(createNonce(), settings().nodeEnv);
  const url = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const sender = {
    method: request.method,
    url,
    origin: request.headers.get("origin"),
    host: request.headers.get("host"),
    secFetchSite: request.headers.get("sec-fetch-site"),
  };
  if (isCrossSiteWrite(sender)) {
    const refusal = crossSiteRefusal(url, requestIdFrom(request.headers.get(REQUEST_ID_HEADER)));
    return new NextResponse(refusal.body, { status: refusal.status, headers: { ...headers, ...refusal.headers } });
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["content-security-policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Build assets are immutable files from this origin; the production server gives them the headers (server.ts).
  matcher: ["/((?!_next/static/|_next/image).*)"],
};
