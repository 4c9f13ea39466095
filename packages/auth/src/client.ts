"use client";

/**
 * Signing in and out from the browser. Components call these, never
 * next-auth/react, so replacing Auth.js touches only this package.
 */
import { signIn, signOut } from "next-auth/react";

/** How a password sign-in went; `rate-limited` after too many failures, with the seconds to wait when known. */
export type SignInAttempt =
  | { status: "signed-in" }
  | { status: "refused" }
  | { status: "rate-limited"; retryAfterSeconds: number | null };

/**
 * Signs in with an email and password, saying why not when it did not. The
 * server's rate limits answer 429, with the seconds to wait as the answer's
 * `code` (@trellis/server's limitCredentialsSignIn).
 */
export async function attemptSignIn(input: { email: string; password: string }): Promise<SignInAttempt> {
  const result = await signIn("credentials", { ...input, redirect: false });
  if (result?.status === 429) {
    const seconds = Number(result.code);
    return { status: "rate-limited", retryAfterSeconds: Number.isInteger(seconds) && seconds > 0 ? seconds : null };
  }
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
