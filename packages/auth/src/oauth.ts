/**
 * Sign-in through another provider (GitHub, Google, a company's OpenID
 * Connect provider) and the rule that links such an account to a Trellis
 * user (ADR 052, docs/auth.md):
 *
 * - An identity is found by the provider's id for it, never by its email.
 * - A new identity links to an existing user only when that user, signed in,
 *   asked for it (Settings → "Connect …", ./connect-intent.ts) and the
 *   provider says the email it reports is verified.
 * - Otherwise it creates a new user — unless its email is already a user's
 *   (refused: sign in with the password, then connect) or not verified
 *   (refused: an unverified email could be someone else's).
 * - A user with two-factor on never signs in through a provider: it vouches
 *   for neither the password nor the code (ADR 046).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

import type { DataLayer, OAuthProvider, User } from "@trellis/db";

/** What a provider told us about the person, reduced to what the linking rule reads. */
export interface ProviderIdentity {
  provider: OAuthProvider;
  providerAccountId: string;
  /** Lower-cased; null when the provider gave none. */
  email: string | null;
  /** Only true when the provider said so: OpenID's `email_verified`, GitHub's verified primary email. */
  emailVerified: boolean;
  name: string;
}

/** Why a provider's sign-in was refused: the sign-in page's `error` flag, and what it says. */
export const OAUTH_REFUSALS = {
  "provider-two-factor":
    "Your account has two-factor sign-in on: sign in with your password and code, or with a passkey.",
  "provider-account-exists":
    "An account with this email already exists. Sign in with your password, then connect this provider in Settings → Sign-in methods.",
  "provider-email-unverified":
    "The provider did not confirm this email address as verified, so it cannot sign you in. Verify it there, or sign in another way.",
  "provider-email-missing": "The provider did not share an email address, so it cannot sign you in.",
  "provider-rate-limited": "Too many failed sign-ins from your network. Wait a few minutes, then try again.",
} as const;

export type OAuthRefusal = keyof typeof OAUTH_REFUSALS;

/** What the sign-in page says for an `error` flag, or null for none or one we never set. */
export function oauthRefusalMessage(flag: string | string[] | undefined): string | null {
  return typeof flag === "string" && Object.hasOwn(OAUTH_REFUSALS, flag) ? OAUTH_REFUSALS[flag as OAuthRefusal] : null;
}

/** Why connecting a provider from Settings did not link it: the settings page's `connect` flag. */
export const CONNECT_OUTCOMES = {
  connected: "Connected. You can now sign in with it.",
  taken: "That account is already connected to another Trellis user.",
  unverified: "The provider did not confirm that account's email as verified, so it was not connected.",
  unlinked: "Disconnected. It no longer signs you in.",
  last: "That is your only way to sign in: add a password or a passkey, or connect another provider, first.",
} as const;

export type ConnectOutcome = keyof typeof CONNECT_OUTCOMES;

/** What the settings page says for a `connect` flag, or null for none or one we never set. */
export function connectOutcomeMessage(flag: string | string[] | undefined): string | null {
  return typeof flag === "string" && Object.hasOwn(CONNECT_OUTCOMES, flag)
    ? CONNECT_OUTCOMES[flag as ConnectOutcome]
    : null;
}

/** An OAuth sign-in's outcome: the user to sign in as, or where to send the browser instead. */
export type OAuthSignIn = { user: User } | { redirect: string };

const refused = (flag: OAuthRefusal): OAuthSignIn => ({ redirect: `/sign-in?error=${flag}` });
const connectOutcome = (outcome: ConnectOutcome): OAuthSignIn => ({ redirect: `/settings?connect=${outcome}` });

/**
 * The linking rule (module comment). `connectingUserId`: the signed-in user who started this flow from
 * Settings (a valid connect intent for this provider), or null for a plain sign-in.
 */
export async function resolveOAuthSignIn(
  data: DataLayer,
  identity: ProviderIdentity,
  connectingUserId: string | null,
): Promise<OAuthSignIn> {
  const { provider, providerAccountId } = identity;
  if (connectingUserId) {
    // Connecting keeps the session the user already has: the browser goes back to Settings.
    if (!identity.emailVerified) return connectOutcome("unverified");
    const linked = await data.accounts.linkOAuth({ userId: connectingUserId, provider, providerAccountId });
    return connectOutcome(linked === "linked" ? "connected" : "taken");
  }
  const linked = await data.accounts.oauthUser({ provider, providerAccountId });
  if (linked) {
    if ((await data.twoFactor.status(linked.id)).enabled) return refused("provider-two-factor");
    return { user: linked };
  }
  if (!identity.email) return refused("provider-email-missing");
  if (!identity.emailVerified) return refused("provider-email-unverified");
  // Never linked by a matching email: whoever controls the provider account would get the user's.
  if (await data.users.byEmail(identity.email)) return refused("provider-account-exists");
  const created = await data.accounts.createOAuthUser({
    provider,
    providerAccountId,
    email: identity.email,
    name: identity.name,
  });
  // Taken between the check and the insert: the same answer as if it had been there first.
  return created ? { user: created } : refused("provider-account-exists");
}

/** OpenID Connect's claims (Google, a company's provider): `email_verified` must be true, not merely present. */
export function identityFromOpenIdClaims(
  provider: OAuthProvider,
  providerAccountId: string,
  claims: Record<string, unknown>,
): ProviderIdentity {
  const email = typeof claims.email === "string" && claims.email ? claims.email.toLowerCase() : null;
  const name = typeof claims.name === "string" && claims.name ? claims.name : (email ?? "New user");
  // Some providers send the claim as the string "true".
  const emailVerified = claims.email_verified === true || claims.email_verified === "true";
  return { provider, providerAccountId, email, emailVerified, name };
}

/** One entry of GitHub's `GET /user/emails`. */
export interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

/**
 * GitHub's profile with the email the linking rule reads: the primary address
 * from the emails API, marked verified only if GitHub verified it (an
 * unverified one is then refused as unverified, never trusted). The profile's
 * own `email` is the public one a user picks, and says nothing of verification;
 * another verified address is not the one the person chose as theirs.
 */
export function githubProfileWithVerifiedEmail<P extends { email?: string | null }>(
  profile: P,
  emails: GitHubEmail[] | null,
): P & { email: string | null; email_verified: boolean } {
  const primary = emails?.find((entry) => entry.primary);
  return { ...profile, email: primary?.email ?? null, email_verified: primary?.verified === true };
}

// The connect intent: a short-lived cookie, set by the "Connect" button while signed in, that turns the
// provider's callback into a link to that user. Signed with the session key; bound to the user's
// session version, so signing out everywhere (or a password change) voids it.

export const CONNECT_INTENT_COOKIE = "trellis.connect-intent";
export const CONNECT_INTENT_TTL_SECONDS = 600;

interface ConnectIntent {
  userId: string;
  sessionVersion: number;
  provider: OAuthProvider;
  expiresAt: number;
}

const signature = (secret: string, payload: string) =>
  createHmac("sha256", `trellis-connect:${secret}`).update(payload).digest("base64url");

/** The cookie's value for a user who asked to connect `provider` now. */
export function connectIntentValue(secret: string, intent: Omit<ConnectIntent, "expiresAt">, now = Date.now()): string {
  const payload = Buffer.from(
    JSON.stringify({ ...intent, expiresAt: now + CONNECT_INTENT_TTL_SECONDS * 1000 }),
  ).toString("base64url");
  return `${payload}.${signature(secret, payload)}`;
}

/** The user a cookie value asks to connect `provider` to, if it is ours, unexpired and for this provider. */
export function readConnectIntent(
  secret: string,
  value: string | undefined,
  provider: string,
  now = Date.now(),
): Omit<ConnectIntent, "expiresAt"> | null {
  const [payload, signed] = value?.split(".") ?? [];
  if (!payload || !signed) return null;
  const expected = Buffer.from(signature(secret, payload));
  const given = Buffer.from(signed);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let intent: ConnectIntent;
  try {
    intent = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (intent.provider !== provider || !(intent.expiresAt > now)) return null;
  return { userId: intent.userId, sessionVersion: intent.sessionVersion, provider: intent.provider };
}
