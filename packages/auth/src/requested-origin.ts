/**
 * The origin a browser addressed a request to, for Auth.js's route handlers.
 *
 * Next.js hands a route handler a URL on its own listening address (`http://localhost:PORT/…`), whatever
 * host the browser asked for. Auth.js takes its origin from that URL: for the `redirect_uri` it sends
 * the provider with the code (which must equal the one the sign-in started with), and as the base the
 * callback's redirect must stay on — so a provider sign-in at https://trellis.example came back to
 * http://localhost:PORT/, without the session cookie set for trellis.example. next-auth's server-side
 * `signIn()`, which starts that sign-in, reads the origin from the Host and X-Forwarded-* headers
 * instead (`trustHost`); this reads the same headers, in the same order, so both ends agree.
 */
export function requestedOrigin(headers: Headers, requestUrl: string): string {
  const own = new URL(requestUrl);
  // Behind a chain of proxies a forwarded header can list several values: the first is the browser's.
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim() || undefined;
  const host = first("x-forwarded-host") ?? first("host");
  if (!host) return own.origin;
  const protocol = (first("x-forwarded-proto") ?? own.protocol).replace(/:?$/, ":");
  if (protocol !== "http:" && protocol !== "https:") return own.origin;
  try {
    return new URL(`${protocol}//${host}`).origin;
  } catch {
    return own.origin;
  }
}

/** `requestUrl` with its origin replaced by the one the browser addressed. */
export function atRequestedOrigin(headers: Headers, requestUrl: string): string {
  const url = new URL(requestUrl);
  return `${requestedOrigin(headers, requestUrl)}${url.pathname}${url.search}`;
}
