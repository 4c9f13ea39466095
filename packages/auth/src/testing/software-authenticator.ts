/**
 * A passkey authenticator in software, for tests only: what a phone or a
 * security key does in a WebAuthn ceremony, with node:crypto — an ES256 key
 * pair, "none" attestation — so the server's verification runs on real
 * signatures, not on mocks. The CBOR encoder is @simplewebauthn/server's own.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";

import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

/** What the CBOR encoder takes: maps keyed by text or integers, as attestation objects and COSE keys are. */
type Cbor = Parameters<typeof isoCBOR.encode>[0];
type Bytes = Uint8Array<ArrayBuffer>;

// authenticatorData flags (WebAuthn §6.1).
const USER_PRESENT = 0x01;
const USER_VERIFIED = 0x04;
const BACKUP_ELIGIBLE = 0x08;
const BACKED_UP = 0x10;
const ATTESTED_CREDENTIAL_DATA = 0x40;

/** Where a ceremony happens, as the browser would tell it: the page's origin and the RP ID it asked for. */
export interface CeremonySite {
  origin: string;
  rpId: string;
}

export interface SoftwareAuthenticator {
  /** The credential id, base64url. */
  credentialId: string;
  /** Answers navigator.credentials.create() with `options`, as the browser at `site` would; verified unless told not. */
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    site?: Partial<CeremonySite> & { userVerified?: boolean },
  ): RegistrationResponseJSON;
  /**
   * Answers navigator.credentials.get(); the counter goes up by one each time unless `counter` says otherwise,
   * the person is verified unless `userVerified` is false, and the user handle is the registered one unless given.
   */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    site?: Partial<CeremonySite> & { counter?: number; userVerified?: boolean; userHandle?: string },
  ): AuthenticationResponseJSON;
}

/** A fresh authenticator holding one passkey, for the site at `origin` (its host name the RP ID). */
export function createSoftwareAuthenticator(
  origin: string,
  { synced = false }: { synced?: boolean } = {},
): SoftwareAuthenticator {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const credentialId = new Uint8Array(randomBytes(16));
  const defaults: CeremonySite = { origin, rpId: new URL(origin).hostname };
  const backup = synced ? BACKUP_ELIGIBLE | BACKED_UP : 0;
  let counter = 0;
  let userHandle: string | undefined;

  return {
    credentialId: isoBase64URL.fromBuffer(credentialId),
    register(options, site) {
      const { origin, rpId } = { ...defaults, ...site };
      userHandle = options.user.id;
      const clientDataJSON = clientData("webauthn.create", options.challenge, origin);
      const attestedCredential = concat(
        new Uint8Array(16), // AAGUID: none, as "none" attestation allows
        new Uint8Array([credentialId.length >> 8, credentialId.length & 0xff]),
        credentialId,
        coseKey(publicKey),
      );
      const authData = authenticatorData(
        rpId,
        USER_PRESENT | (site?.userVerified === false ? 0 : USER_VERIFIED) | backup | ATTESTED_CREDENTIAL_DATA,
        counter,
      );
      const attestationObject = isoCBOR.encode(
        new Map<string | number, Cbor>([
          ["fmt", "none"],
          ["attStmt", new Map()],
          ["authData", concat(authData, attestedCredential)],
        ]),
      );
      return {
        id: isoBase64URL.fromBuffer(credentialId),
        rawId: isoBase64URL.fromBuffer(credentialId),
        type: "public-key",
        response: {
          clientDataJSON: isoBase64URL.fromBuffer(clientDataJSON),
          attestationObject: isoBase64URL.fromBuffer(attestationObject),
          transports: ["internal"],
        },
        clientExtensionResults: {},
        authenticatorAttachment: "platform",
      };
    },
    authenticate(options, site) {
      const { origin, rpId } = { ...defaults, ...site };
      counter = site?.counter ?? counter + 1;
      const clientDataJSON = clientData("webauthn.get", options.challenge, origin);
      // The person verified (PIN, biometrics) unless told otherwise: the server requires it.
      const verified = site?.userVerified === false ? 0 : USER_VERIFIED;
      const authData = authenticatorData(rpId, USER_PRESENT | verified | backup, counter);
      const handle = site?.userHandle ?? userHandle;
      const signature = signWith(privateKey, concat(authData, sha256(clientDataJSON)));
      return {
        id: isoBase64URL.fromBuffer(credentialId),
        rawId: isoBase64URL.fromBuffer(credentialId),
        type: "public-key",
        response: {
          clientDataJSON: isoBase64URL.fromBuffer(clientDataJSON),
          authenticatorData: isoBase64URL.fromBuffer(authData),
          signature: isoBase64URL.fromBuffer(signature),
          ...(handle ? { userHandle: handle } : {}),
        },
        clientExtensionResults: {},
        authenticatorAttachment: "platform",
      };
    },
  };
}

function clientData(type: string, challenge: string, origin: string): Bytes {
  return new Uint8Array(new TextEncoder().encode(JSON.stringify({ type, challenge, origin, crossOrigin: false })));
}

/** rpIdHash (32) | flags (1) | signCount (4, big-endian). */
function authenticatorData(rpId: string, flags: number, counter: number): Bytes {
  const count = new Uint8Array(4);
  new DataView(count.buffer).setUint32(0, counter);
  return concat(sha256(new TextEncoder().encode(rpId)), new Uint8Array([flags]), count);
}

/** The public key as COSE_Key: EC2 (1: 2), ES256 (3: -7), P-256 (-1: 1), x (-2), y (-3). */
function coseKey(publicKey: KeyObject): Bytes {
  const jwk = publicKey.export({ format: "jwk" });
  if (!jwk.x || !jwk.y) throw new Error("not an EC public key");
  return isoCBOR.encode(
    new Map<string | number, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, isoBase64URL.toBuffer(jwk.x)],
      [-3, isoBase64URL.toBuffer(jwk.y)],
    ]),
  );
}

/** ES256: ECDSA with SHA-256, DER-encoded as WebAuthn has it. */
function signWith(privateKey: KeyObject, data: Uint8Array): Bytes {
  return new Uint8Array(sign("sha256", data, privateKey));
}

function sha256(data: Uint8Array): Bytes {
  return new Uint8Array(createHash("sha256").update(data).digest());
}

function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
