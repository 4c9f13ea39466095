"use client";

/**
 * Signing in and out from the browser. Components call these, never
 * next-auth/react, so replacing Auth.js touches only this package.
 */
import { signIn, signOut } from "next-auth/react";

import { SECOND_FACTOR_REQUIRED_CODE } from "./sign-in-codes";

/**
 * How a password or passkey sign-in went; `rate-limited` after too many
 * failures, with the seconds to wait when known; `second-factor-required` when
 * the password was right and the account asks for a two-factor code (send all
 * three again).
 */
export type SignInAttempt =
  | { status: "signed-in" }
  | { status: "refused" }
  | { status: "second-factor-required" }
  | { status: "rate-limited"; retryAfterSeconds: number | null };

/**
 * Signs in with an email and password, saying why not when it did not. The
 * server's rate limits answer 429, with the seconds to wait as the answer's
 * `code` (@trellis/server's limitCredentialsSignIn).
 */
export function attemptSignIn(input: {
  email: string;
  password: string;
  code?: string | undefined;
}): Promise<SignInAttempt> {
  const { code, ...credentials } = input;
  return attempt("credentials", { ...credentials, ...(code ? { code } : {}) });
}

/**
 * Signs in with a passkey: `response` is the browser's answer to the sign-in
 * options (navigator.credentials.get(), as JSON), which the "passkey"
 * provider verifies (ADR 047). Refused and limited as a password is.
 */
export function attemptPasskeySignIn(response: unknown): Promise<SignInAttempt> {
  return attempt("passkey", { response: JSON.stringify(response) });
}

async function attempt(provider: "credentials" | "passkey", fields: Record<string, string>): Promise<SignInAttempt> {
  const result = await signIn(provider, { ...fields, redirect: false });
  if (result?.status === 429) {
    const seconds = Number(result.code);
    return { status: "rate-limited", retryAfterSeconds: Number.isInteger(seconds) && seconds > 0 ? seconds : null };
  }
  if (result?.code === SECOND_FACTOR_REQUIRED_CODE) return { status: "second-factor-required" };
  return result?.ok && !result.error ? { status: "signed-in" } : { status: "refused" };
}

/** True when the email and password are right and a session cookie was set. */
export async function signInWithPassword(input: { email: string; password: string }): Promise<boolean> {
  return (await attemptSignIn(input)).status === "signed-in";
}

/** Clears this browser's session cookie. */
export async function signOutHere(): Promise<void> {
  await signOut({ redirect: false });
}
