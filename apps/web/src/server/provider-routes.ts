import "server-only";

import type { SignInProvider } from "@trellis/auth/next";

import { getAuth } from "./auth";
import { createRequestContext } from "./context";

/**
 * The routes behind the sign-in page's provider buttons and Settings' "Sign-in methods"
 * (docs/auth.md): plain links and forms, so neither page needs JavaScript for them. Cross-site
 * POSTs are refused before they arrive (proxy.ts, ADR 020).
 */

/** The enabled provider an URL names, or undefined. */
export function enabledProvider(id: string): SignInProvider | undefined {
  return getAuth().providers.find((provider) => provider.id === id);
}

/** The browser-session viewer of this request (an API token does not connect or unlink), or null. */
export async function sessionViewer() {
  const context = await createRequestContext();
  const viewer = context.viewer;
  return viewer && viewer.via === "session" ? { viewer, data: context.data } : null;
}

/**
 * A 303 to `location` (a path on this site, or a provider's authorization URL), never cached. A path
 * stays relative, for the browser to resolve on the host it is on: a route handler's own URL is Next's
 * listening address (http://localhost:PORT), which the browser may not be on — and a form's redirect
 * there is held to the CSP's `form-action 'self'`.
 */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}
