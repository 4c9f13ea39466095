"use client";

import { attemptSignIn, type SignInAttempt } from "@trellis/auth/client";
import { signInInput, twoFactorCodeInput } from "@trellis/validators";
import Link from "next/link";
import { useState } from "react";

import { useSchemaForm } from "@/lib/use-schema-form";

import { buttonStyles } from "./button-styles";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";

// The first step sends no code; the second step adds one (ADR 046).
const passwordStep = signInInput.pick({ email: true, password: true });

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const form = useSchemaForm(passwordStep, { email: "", password: "" });
  const [pending, setPending] = useState(false);
  // Set once the password was right and the account asks for a second factor: the page then asks for the code,
  // and sends it with the email and password again (they stay in this component's memory only).
  const [needsCode, setNeedsCode] = useState(false);

  const submit = form.onSubmit(async (input) => {
    setPending(true);
    const attempt = await attemptSignIn(input);
    if (attempt.status === "second-factor-required") {
      setPending(false);
      setNeedsCode(true);
      return;
    }
    if (!finish(attempt)) form.setFormError(refusal(attempt, "That email and password do not match an account."));
  });

  const finish = (attempt: SignInAttempt): boolean => {
    if (attempt.status === "signed-in") {
      // A full load, so every cached query is fetched again as the new viewer.
      window.location.assign(callbackUrl);
      return true;
    }
    setPending(false);
    return false;
  };

  if (needsCode) {
    return (
      <SecondFactorStep
        signIn={(code) => attemptSignIn({ ...form.values, code })}
        finish={finish}
        startOver={() => {
          setNeedsCode(false);
          form.setFormError(null);
        }}
      />
    );
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4">
      <FormField label="Email" type="email" autoComplete="email" {...form.field("email")} />
      <FormField label="Password" type="password" autoComplete="current-password" {...form.field("password")} />
      <FormAlert message={form.formError} />
      <PendingButton type="submit" pending={pending} className={`${buttonStyles.primary} w-full`}>
        Sign in
      </PendingButton>
      <p className="text-center text-sm">
        <Link href="/forgot-password" className="text-ink-muted underline-offset-4 hover:text-ink hover:underline">
          Forgot your password?
        </Link>
      </p>
    </form>
  );
}

/** The second step: a code from the authenticator app, or one of the recovery codes. */
function SecondFactorStep({
  signIn,
  finish,
  startOver,
}: {
  signIn: (code: string) => Promise<SignInAttempt>;
  finish: (attempt: SignInAttempt) => boolean;
  startOver: () => void;
}) {
  const form = useSchemaForm(twoFactorCodeInput, { code: "" });
  const [pending, setPending] = useState(false);
  const [recovery, setRecovery] = useState(false);

  const submit = form.onSubmit(async ({ code }) => {
    setPending(true);
    const attempt = await signIn(code);
    if (finish(attempt)) return;
    setPending(false);
    form.setFormError(refusal(attempt, recovery ? "That recovery code is not valid." : "That code is not valid."));
  });

  return (
    <form noValidate onSubmit={submit} className="space-y-4">
      <p className="text-sm text-ink-muted">
        {recovery
          ? "Enter one of the recovery codes you saved when you turned two-factor on. Each works once."
          : "Enter the code from your authenticator app."}
      </p>
      <FormField
        label={recovery ? "Recovery code" : "Authentication code"}
        autoComplete="one-time-code"
        {...form.field("code")}
      />
      <FormAlert message={form.formError} />
      <PendingButton type="submit" pending={pending} className={`${buttonStyles.primary} w-full`}>
        Verify
      </PendingButton>
      <p className="flex justify-between text-sm">
        <button
          type="button"
          onClick={() => setRecovery(!recovery)}
          className="text-ink-muted underline-offset-4 hover:text-ink hover:underline"
        >
          {recovery ? "Use your authenticator app" : "Use a recovery code"}
        </button>
        <button
          type="button"
          onClick={startOver}
          className="text-ink-muted underline-offset-4 hover:text-ink hover:underline"
        >
          Start over
        </button>
      </p>
    </form>
  );
}

/** Why a sign-in was refused, in words for the form. */
function refusal(attempt: SignInAttempt, wrong: string): string {
  if (attempt.status === "rate-limited") return `Too many failed sign-ins. ${tryAgain(attempt.retryAfterSeconds)}`;
  // The same words for an unknown email and a wrong password: neither is revealed.
  return wrong;
}

/** When to try again, as the server's Retry-After says: in minutes, rounded up, or seconds under one. */
function tryAgain(seconds: number | null): string {
  if (seconds === null) return "Try again later.";
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
