import { z } from "zod";

import { NAME_MAX } from "./account";
import { idSchema } from "./id";
import { fieldError, isStorableText, UNSTORABLE_TEXT } from "./text";

/**
 * Passkeys (WebAuthn, ADR 047), a subpath of its own (`@trellis/validators/passkey`):
 * only the pages that use passkeys load it. What the browser's authenticator answers is
 * checked here only for shape and size — base64url text where bytes go — so a
 * procedure never hands the verifier something absurd; whether it is a valid
 * attestation or signature is @simplewebauthn/server's verdict.
 */

// Generous for any real authenticator (an attestation with a certificate chain is a few kB), tiny for a flood.
const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, "Must be base64url");
const CREDENTIAL_ID_MAX = 1_400;
const DATA_MAX = 16_000;
const transport = z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);

/** A passkey's name as its owner sees it in settings. */
export const passkeyName = z
  .string({ error: fieldError("Name the passkey", "Name must be text") })
  .trim()
  .min(1, "Name the passkey")
  .max(NAME_MAX, `Name must be at most ${NAME_MAX} characters`)
  .refine(isStorableText, UNSTORABLE_TEXT);

// The extensions a browser may report (AuthenticationExtensionsClientOutputs); others are dropped, none is used.
const clientExtensionResults = z.object({
  appid: z.boolean().optional(),
  credProps: z.object({ rk: z.boolean().optional() }).optional(),
  hmacCreateSecret: z.boolean().optional(),
});
const authenticatorAttachment = z.enum(["platform", "cross-platform"]).optional();

/** navigator.credentials.create()'s answer as JSON (RegistrationResponseJSON of @simplewebauthn). */
export const registrationResponse = z.object({
  id: base64url(CREDENTIAL_ID_MAX).min(1),
  rawId: base64url(CREDENTIAL_ID_MAX).min(1),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(DATA_MAX),
    attestationObject: base64url(DATA_MAX),
    authenticatorData: base64url(DATA_MAX).optional(),
    transports: z.array(transport).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(DATA_MAX).optional(),
  }),
  clientExtensionResults,
  authenticatorAttachment,
});

/** navigator.credentials.get()'s answer as JSON (AuthenticationResponseJSON of @simplewebauthn). */
export const authenticationResponse = z.object({
  id: base64url(CREDENTIAL_ID_MAX).min(1),
  rawId: base64url(CREDENTIAL_ID_MAX).min(1),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(DATA_MAX),
    authenticatorData: base64url(DATA_MAX),
    signature: base64url(DATA_MAX),
    userHandle: base64url(CREDENTIAL_ID_MAX).optional(),
  }),
  clientExtensionResults,
  authenticatorAttachment,
});

/** Adding a passkey: the authenticator's answer, and a name (none: one from the kind of passkey). */
export const registerPasskeyInput = z.object({
  response: registrationResponse,
  name: passkeyName.optional(),
});

export const renamePasskeyInput = z.object({ id: idSchema, name: passkeyName });
export const removePasskeyInput = z.object({ id: idSchema });

/** Auth.js's passkey sign-in posts the authenticator's answer as one JSON string field. */
export const passkeySignInInput = z.object({
  response: z
    .string()
    .max(4 * DATA_MAX)
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "Must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(authenticationResponse),
});
