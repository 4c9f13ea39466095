"use client";

/**
 * Signing in and out from the browser. Components call these, never
 * next-auth/react, so replacing Auth.js touches only this package.
 */
import { signIn, signOut } from "next-auth/react";

/** True when the email and password are right and a session cookie was set. */
export async function signInWithPassword(input: { email: string; password: string }): Promise<boolean> {
  const result = await signIn("credentials", { ...input, redirect: false });
  return Boolean(result?.ok) && !result?.error;
}

/** Clears this browser's session cookie. */
export async function signOutHere(): Promise<void> {
  await signOut({ redirect: false });
}
