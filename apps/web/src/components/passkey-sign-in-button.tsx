"use client";

import { useState } from "react";

import { buttonStyles } from "./button-styles";
import { FormAlert } from "./form-alert";
import { PendingButton } from "./pending-button";

/**
 * "Sign in with a passkey" (ADR 047): no email, no password — the browser
 * offers the passkeys it holds for this site. The ceremony's code loads on
 * the first press (lib/passkey-sign-in.ts).
 */
export function PasskeySignInButton({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const signIn = async () => {
    setPending(true);
    setError(null);
    try {
      const { signInWithPasskey } = await import("@/lib/passkey-sign-in");
      const attempt = await signInWithPasskey();
      if (attempt.status === "signed-in") {
        // A full load, so every cached query is fetched again as the new viewer.
        window.location.assign(callbackUrl);
        return;
      }
      if (attempt.status === "rate-limited") setError("Too many failed sign-ins. Try again later.");
      else if (attempt.status === "cancelled") setError("Signing in with a passkey was cancelled.");
      // The same words whatever failed: which passkey, or whose, is not revealed.
      else setError("That passkey did not sign you in.");
    } catch {
      setError("Signing in with a passkey failed. Please try again.");
    }
    setPending(false);
  };

  return (
    <div className="space-y-3">
      <PendingButton type="button" pending={pending} onClick={signIn} className={`${buttonStyles.secondary} w-full`}>
        Sign in with a passkey
      </PendingButton>
      <FormAlert message={error} />
    </div>
  );
}
