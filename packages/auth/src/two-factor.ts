import { randomInt } from "node:crypto";
import type { DataLayer } from "@trellis/db";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

import { hashToken } from "./tokens";

/**
 * Two-factor sign-in with an authenticator app: TOTP (RFC 6238) with the
 * parameters every app assumes — SHA-1, six digits, 30-second steps — and
 * one-time recovery codes (docs/decisions/046).
 */

/** The name an authenticator app lists the account under. */
export const TWO_FACTOR_ISSUER = "Trellis";

/** Codes one step either side of now are accepted: a clock a little off, or a code typed as it turned. */
const WINDOW_STEPS = 1;
const STEP_SECONDS = 30;

/** How many recovery codes a user gets at a time. */
export const RECOVERY_CODE_COUNT = 10;

/** Which second factor a sign-in or a check used. */
export type SecondFactor = "totp" | "recovery-code";

/** A new TOTP secret: 160 random bits (RFC 4226's recommended length), base32 as apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

const totpFor = (secret: string, account = "") =>
  new TOTP({
    issuer: TWO_FACTOR_ISSUER,
    label: account,
    algorithm: "SHA1",
    digits: 6,
    period: STEP_SECONDS,
    secret: Secret.fromBase32(secret),
  });

/**
 * What the settings page shows to set an app up: the otpauth:// URI as a QR
 * code (an SVG drawn here, no outside service sees the secret) and the secret
 * itself, grouped by four for typing.
 */
export async function totpSetup(secret: string, account: string): Promise<{ qrSvg: string; secret: string }> {
  const uri = totpFor(secret, account).toString();
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { qrSvg, secret: secret.replace(/(.{4})(?=.)/g, "$1 ") };
}

/**
 * The time step of `code` under `secret`, when it is the code of a step
 * within ±1 of now; else null. The caller still has to accept the step
 * (`twoFactor.acceptStep`), which refuses one already used.
 */
export function totpStep(secret: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp: now, window: WINDOW_STEPS });
  return delta === null ? null : Math.floor(now / 1000 / STEP_SECONDS) + delta;
}

/** A code as typed: spaces and dashes dropped, lower case; a TOTP code is six digits. */
export const normalizeCode = (code: string) => code.replace(/[\s-]/g, "").toLowerCase();

// No 0/o, 1/l/i: a code copied onto paper is read back without doubt. 31 symbols.
const RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const RECOVERY_LENGTH = 12;

/**
 * Ten new recovery codes, shown once, and the hashes kept instead. Each is 12
 * symbols of 31 (about 59 random bits), so a plain SHA-256 is enough: there is
 * no dictionary to try, unlike a password (see ./tokens.ts).
 */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const symbols = Array.from(
      { length: RECOVERY_LENGTH },
      () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)],
    );
    return symbols.join("").replace(/(.{4})(?=.)/g, "$1-");
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

export const hashRecoveryCode = (code: string) => hashToken(`recovery:${normalizeCode(code)}`);

/**
 * Checks a second factor for a user who has two-factor on, and spends it: a
 * TOTP code's step is accepted at most once, a recovery code is deleted. Null
 * when it is wrong, already used, or two-factor is off.
 */
export async function spendSecondFactor(data: DataLayer, userId: string, code: string): Promise<SecondFactor | null> {
  const typed = normalizeCode(code);
  if (/^\d{6}$/.test(typed)) {
    const stored = await data.twoFactor.secret(userId);
    if (!stored?.enabled) return null;
    const step = totpStep(stored.secret, typed);
    return step !== null && (await data.twoFactor.acceptStep({ userId, step })) ? "totp" : null;
  }
  if (typed.length !== RECOVERY_LENGTH) return null;
  return (await data.twoFactor.spendRecoveryCode({ userId, codeHash: hashRecoveryCode(typed) }))
    ? "recovery-code"
    : null;
}
