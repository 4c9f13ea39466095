import { sameOriginPath } from "@trellis/auth/same-origin";

// Any origin does, as long as no value sent can be it: the question is only "did the origin change".
const OWN_ORIGIN = "http://trellis.invalid";

/**
 * Where to go after signing in: a path on this site, or "/". The value is
 * resolved as a browser would and refused if that leaves the site (an open
 * redirect); see sameOriginPath for why a prefix check is not enough.
 */
export function safeCallbackUrl(value: string | string[] | undefined | null): string {
  const raw = Array.isArray(value) ? value[0] : value;
  return sameOriginPath(raw, OWN_ORIGIN) ?? "/";
}

export function signInHref(returnTo: string): string {
  return `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`;
}
