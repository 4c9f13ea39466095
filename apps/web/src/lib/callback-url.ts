/**
 * Where to go after signing in: a path on this site, or "/". A full URL, a
 * protocol-relative "//host" or "/\\host" would send the user elsewhere
 * (an open redirect), so they are refused.
 */
export function safeCallbackUrl(value: string | string[] | undefined | null): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path?.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  return path;
}

export function signInHref(returnTo: string): string {
  return `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`;
}
