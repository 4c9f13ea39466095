/**
 * `target` as a path on `origin` ("/path?query#hash"), or null when following
 * it would leave that origin.
 *
 * The target is resolved the way a browser resolves a Location or
 * `location.assign`, and kept only if the origin did not change. Prefix
 * checks ("starts with / but not //") are not enough: the URL parser drops
 * tabs and newlines and reads "\" as "/", so "/\t/evil.example" is
 * "//evil.example" to a browser. What is returned is the parsed path, query
 * and hash — percent-encoded, free of control characters, fit for a header —
 * so what is followed is exactly what was checked.
 *
 * Shared by the sign-in pages (apps/web's safeCallbackUrl) and Auth.js's
 * redirect callback (./next.ts), so both apply one rule.
 */
export function sameOriginPath(target: string | undefined | null, origin: string): string | null {
  if (!target) return null;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(target, base);
  } catch {
    return null;
  }
  if (url.origin !== base.origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can leave a path starting "//" ("/.//evil.example"), which a browser would read as a host.
  return path.startsWith("//") ? null : path;
}

/**
 * Auth.js's `callbacks.redirect`: where Auth.js may send the browser after
 * signing in or out (it takes a callbackUrl from a form field, the query or a
 * cookie). Its default prefixes any "/…" value with the origin unparsed, so a
 * newline reached the Location header; this one applies sameOriginPath.
 */
export function redirectWithinSite({ url, baseUrl }: { url: string; baseUrl: string }): string {
  return `${new URL(baseUrl).origin}${sameOriginPath(url, baseUrl) ?? "/"}`;
}
