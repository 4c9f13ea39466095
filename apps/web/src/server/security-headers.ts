/**
 * The security headers of every response, in one place (docs/decisions/020):
 * the Next proxy (src/proxy.ts) sets them on what Next answers, the production
 * server (server.ts) on what its lean tRPC path writes itself. Web standards
 * only (no node:*), so the same code runs wherever the proxy is deployed.
 */

/** NODE_ENV as Next sets it: `next dev` is "development", builds and `pnpm start` are "production". */
export type Environment = string | undefined;

/**
 * A fresh nonce for one response: 16 random bytes, base64 — the form Next
 * looks for in the request's CSP (`'nonce-…'`) to stamp on its own scripts.
 */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The Content-Security-Policy for a response whose scripts carry `nonce`.
 *
 * Scripts: only those carrying this response's nonce (Next stamps it on its
 * own), and what they load ('strict-dynamic': Next's chunks, the bundled
 * Swagger UI). No 'unsafe-inline', so an injected `<script>` or `onerror=`
 * never runs; 'unsafe-eval' only in development, where React uses eval to
 * rebuild server stacks. Styles: stylesheets from this origin and `<style>`
 * carrying the nonce; `style` attributes are allowed (they cannot run script
 * or read the page, and React and Swagger UI set them). Development allows
 * any inline style: Next's dev overlay and hot reload inject `<style>` tags
 * without a nonce.
 */
export function contentSecurityPolicy(nonce: string, environment: Environment): string {
  // Every response asks for one: the policy is built once per environment around a placeholder, and
  // each response only splices its nonce in (building it anew showed in a profile of the production server).
  let parts = policyAroundNonce.get(environment);
  if (!parts) {
    parts = buildPolicy(NONCE_PLACEHOLDER, environment).split(NONCE_PLACEHOLDER);
    policyAroundNonce.set(environment, parts);
  }
  return parts.join(nonce);
}

// Never in a policy: a nonce is base64, and the sources are fixed words.
const NONCE_PLACEHOLDER = "\u0000nonce\u0000";
const policyAroundNonce = new Map<Environment, string[]>();

function buildPolicy(nonce: string, environment: Environment): string {
  const development = environment === "development";
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", development ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    "style-src-attr": ["'unsafe-inline'"],
    // data: for Swagger UI's inline SVG icons; blob: for images a page makes itself.
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    // fetch, tRPC batches and the SSE streams of live updates: all to this origin ('self' covers ws: for dev reloads).
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/** Two years, and for subdomains too: browsers then never try plain HTTP for this host. */
const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** Powerful features this app never uses, switched off for it and anything it might embed. */
const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()";

/**
 * Every security header of one response, CSP included. HSTS only in
 * production: `next dev` serves plain HTTP on localhost, where a remembered
 * HSTS entry would break every other local app on that host.
 */
export function securityHeaders(
  nonce: string,
  environment: Environment,
): Record<string, string> & { "content-security-policy": string } {
  const headers = {
    "content-security-policy": contentSecurityPolicy(nonce, environment),
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    // frame-ancestors says it for current browsers; this says it for older ones.
    "x-frame-options": "DENY",
    "permissions-policy": PERMISSIONS_POLICY,
    // A page this app opens, or that opens it, gets no handle on its window.
    "cross-origin-opener-policy": "same-origin",
  };
  return environment === "production"
    ? { ...headers, "strict-transport-security": STRICT_TRANSPORT_SECURITY }
    : headers;
}
