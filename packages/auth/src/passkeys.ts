/**
 * Passkeys (WebAuthn, ADR 047): the two ceremonies — adding a passkey to an
 * account, and signing in with one — on @simplewebauthn/server, which does
 * the cryptography and the checks of origin, RP ID, challenge and counter.
 * This module decides what is stored: each ceremony's challenge in the
 * database (any instance may finish what another began; spending it deletes
 * the row, so it answers once), and each passkey with its owner.
 */

import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { isoBase64URL, isoUint8Array } from "@simplewebauthn/server/helpers";
import type { DataLayer, Passkey, PasskeyDeviceType, User } from "@trellis/db";

/** How long a ceremony may take, from its options to its answer: ample for a person, short for a replay. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** The app's name, as the browser shows it when it asks to create a passkey. */
const RP_NAME = "Trellis";

/** Who the passkeys are for: the site at APP_URL. */
export interface RelyingParty {
  /** The RP ID: APP_URL's host name, without port (what the browser scopes passkeys to). */
  id: string;
  /** The only origin a ceremony may come from: APP_URL's. */
  origin: string;
  name: string;
}

/** The relying party of the app served at `appUrl` (the settings module's APP_URL, or its default). */
export function relyingParty(appUrl: string): RelyingParty {
  const url = new URL(appUrl);
  return { id: url.hostname, origin: url.origin, name: RP_NAME };
}

/** A ceremony's answer that is not valid: an unknown or spent challenge, another origin, a bad signature… */
export interface PasskeyRefusal {
  refused: true;
  /** Why, for the log only: the client is told no more than that it failed. */
  reason: string;
}

/** Options for the browser's navigator.credentials.create(), its challenge stored for `user`. */
export async function registrationOptions(
  data: DataLayer,
  rp: RelyingParty,
  user: Pick<User, "id" | "email" | "name">,
  now = new Date(),
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await data.passkeys.credentialIds(user.id);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name,
    // The user handle: what a discoverable passkey gives back at sign-in. The id, not the email, which can change.
    userID: isoUint8Array.fromUTF8String(user.id),
    attestationType: "none",
    // The browser refuses to register an authenticator that already holds one of these.
    excludeCredentials: existing.map((id) => ({ id })),
    // Discoverable: the sign-in asks for no email, so the passkey must name its account itself.
    // User verification (PIN, fingerprint, face) required: a passkey sign-in counts as two factors.
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  await storeChallenge(data, options.challenge, "registration", user.id, now);
  return options;
}

/** Verifies the browser's answer to registrationOptions and stores the passkey, named `name` or after its kind. */
export async function registerPasskey(
  data: DataLayer,
  rp: RelyingParty,
  input: { userId: string; response: RegistrationResponseJSON; name?: string | undefined },
  now = new Date(),
): Promise<Passkey | PasskeyRefusal> {
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: (challenge) =>
        data.webauthnChallenges.spend({ challenge, purpose: "registration", userId: input.userId, now }),
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch (error) {
    return refusal(error);
  }
  if (!verification.verified) return { refused: true, reason: "registration not verified" };
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const transports = credential.transports ?? [];
  // A credential stored already — before, or by a simultaneous answer — inserts no row: refused, not a 500.
  const created = await data.passkeys.create({
    userId: input.userId,
    name: input.name ?? defaultPasskeyName(credentialDeviceType, transports),
    credentialId: credential.id,
    publicKey: isoBase64URL.fromBuffer(credential.publicKey),
    counter: credential.counter,
    transports,
    deviceType: credentialDeviceType,
    backedUp: credentialBackedUp,
  });
  return created ?? { refused: true, reason: "credential already stored" };
}

/** A name for a passkey nobody named: what kind of passkey it is. */
export function defaultPasskeyName(deviceType: PasskeyDeviceType, transports: readonly string[]): string {
  if (deviceType === "multiDevice") return "Synced passkey";
  return transports.includes("internal") ? "Passkey on this device" : "Security key";
}

/**
 * Options for navigator.credentials.get(), its challenge stored for nobody:
 * no allowCredentials, so the browser offers whichever passkeys it holds for
 * this site (discoverable credentials), and the answer names the account.
 */
export async function signInOptions(
  data: DataLayer,
  rp: RelyingParty,
  now = new Date(),
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  // Required, not preferred: the session this signs in counts as two factors (mfa), which a tap alone is not.
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: "required" });
  await storeChallenge(data, options.challenge, "authentication", null, now);
  return options;
}

/**
 * The user a sign-in answer proves to be, or a refusal: the challenge must be
 * one signInOptions issued, unspent and unexpired (spent now, whatever the
 * outcome), the passkey one we store, the signature its key's, the counter
 * ahead of the stored one (a counter that went back means a cloned
 * authenticator: refused, as @simplewebauthn/server decides, and again when
 * written, against a simultaneous use), the person verified by the
 * authenticator (UV), and its user handle, when given, the owner's.
 */
export async function verifyPasskeySignIn(
  data: DataLayer,
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
  now = new Date(),
): Promise<User | PasskeyRefusal> {
  // Spent before the passkey is looked up: an answer naming an unknown passkey still uses its challenge up.
  const spent = await spendChallengeOf(data, response, now);
  if (spent === null) return { refused: true, reason: "unknown, spent or expired challenge" };
  const stored = await data.passkeys.byCredentialId(response.id);
  if (!stored) return { refused: true, reason: "unknown passkey" };
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      // Spent above: the one this answer carries.
      expectedChallenge: spent,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: stored.credentialId,
        publicKey: isoBase64URL.toBuffer(stored.publicKey),
        counter: stored.counter,
        transports: stored.transports as AuthenticatorTransportFuture[],
      },
      requireUserVerification: true,
    });
  } catch (error) {
    return refusal(error);
  }
  if (!verification.verified) return { refused: true, reason: "signature not verified" };
  if (!verification.authenticationInfo.userVerified) return { refused: true, reason: "user not verified" };
  // The user handle, when the authenticator gives one, is the account it was registered for: it must be the owner's.
  const userHandle = response.response.userHandle;
  if (userHandle !== undefined && userHandleOwner(userHandle) !== stored.user.id) {
    return { refused: true, reason: "user handle is not the passkey's owner" };
  }
  // Written only while the stored counter is behind: of two simultaneous uses, the lower loses.
  const recorded = await data.passkeys.recordUse({
    id: stored.id,
    counter: verification.authenticationInfo.newCounter,
    now,
  });
  if (!recorded) return { refused: true, reason: "counter already at or past this one (a simultaneous sign-in)" };
  return stored.user;
}

/** The user id a user handle names (registrationOptions' `userID`: the id's UTF-8), or null when it is not one. */
function userHandleOwner(userHandle: string): string | null {
  try {
    return isoBase64URL.toUTF8String(userHandle);
  } catch {
    return null;
  }
}

export const isPasskeyRefusal = (value: object): value is PasskeyRefusal => "refused" in value;

async function storeChallenge(
  data: DataLayer,
  challenge: string,
  purpose: "registration" | "authentication",
  userId: string | null,
  now: Date,
): Promise<void> {
  await data.webauthnChallenges.create({
    challenge,
    purpose,
    userId,
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    now,
  });
}

/** Spends the sign-in challenge the answer's clientDataJSON carries, and returns it; null when we did not hold it. */
async function spendChallengeOf(
  data: DataLayer,
  response: AuthenticationResponseJSON,
  now: Date,
): Promise<string | null> {
  let challenge: unknown;
  try {
    const clientData: unknown = JSON.parse(isoBase64URL.toUTF8String(response.response.clientDataJSON));
    challenge = clientData && typeof clientData === "object" ? Reflect.get(clientData, "challenge") : undefined;
  } catch {
    return null;
  }
  if (typeof challenge !== "string" || challenge.length > 200) return null;
  const spent = await data.webauthnChallenges.spend({ challenge, purpose: "authentication", userId: null, now });
  return spent ? challenge : null;
}

/** The verifier's complaint, for the log: its message names what did not match, never a secret. */
function refusal(error: unknown): PasskeyRefusal {
  return { refused: true, reason: error instanceof Error ? error.message : "verification failed" };
}
