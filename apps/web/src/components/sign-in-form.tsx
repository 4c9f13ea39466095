"use client";

import { attemptSignIn, type SignInAttempt } from "@trellis/auth/client";
import { signInInput, twoFactorCodeInput } from "@trellis/validators";
import Link from "next/link";
import { type ReactNode, useEffect, useRef, useState } from "react";

import { useSchemaForm } from "@/lib/use-schema-form";

import { buttonStyles } from "./button-styles";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";

// The first step sends no code; the second step adds one (ADR 046).
const passwordStep = signInInput.pick({ email: true, password: true });

/**
 * Email and password, then — when the account has two-factor on — a code. `alternatives` (the passkey
 * button) shows under the first step only: once the password was right, the code is the one way on.
 */
export function SignInForm({ callbackUrl, alternatives }: { callbackUrl: string; alternatives?: ReactNode }) {
  const form = useSchemaForm(passwordStep, { email: "", password: "" });
  const [pending, setPending] = useState(false);
  // Leaves "password" once the password was right and the account asks for a second factor: the page then asks
  // for the code, and sends it with the email and password again (they stay in this component's memory only).
  const [step, setStep] = useState<"password" | "app-code" | "recovery-code">("password");
  const passwordForm = useRef<HTMLFormElement>(null);
  const startedOver = useRef(false);

  // Back from the code step, the form is a new element and focus fell to <body> with the button pressed:
  // it goes to the email, the field to change to use a different account.
  useEffect(() => {
    if (step !== "password" || !startedOver.current) return;
    startedOver.current = false;
    const email = passwordForm.current?.elements.namedItem("email");
    if (email instanceof HTMLElement) email.focus();
  }, [step]);

  const submit = form.onSubmit(async (input) => {
    setPending(true);
    const attempt = await attemptSignIn(input);
    if (attempt.status === "second-factor-required") {
      setPending(false);
      setStep("app-code");
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

  if (step !== "password") {
    const recovery = step === "recovery-code";
    return (
      <SecondFactorStep
        // A new form for each kind of code: the other kind's text, message and field errors do not carry over.
        key={step}
        recovery={recovery}
        switchKind={() => setStep(recovery ? "app-code" : "recovery-code")}
        signIn={(code) => attemptSignIn({ ...form.values, code })}
        finish={finish}
        startOver={() => {
          startedOver.current = true;
          setStep("password");
          form.setFormError(null);
        }}
      />
    );
  }

  return (
    <>
      <form ref={passwordForm} noValidate onSubmit={submit} className="space-y-4">
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
      {alternatives}
    </>
  );
}

/** The second step: a code from the authenticator app, or one of the recovery codes. */
function SecondFactorStep({
  recovery,
  switchKind,
  signIn,
  finish,
  startOver,
}: {
  recovery: boolean;
  switchKind: () => void;
  signIn: (code: string) => Promise<SignInAttempt>;
  finish: (attempt: SignInAttempt) => boolean;
  startOver: () => void;
}) {
  const form = useSchemaForm(twoFactorCodeInput, { code: "" });
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // The button pressed to get here is gone: focus goes to the code field, whose label and the prompt above it
  // say what is asked (a live region added with its text is not reliably read, a focused field is).
  useEffect(() => {
    const code = formRef.current?.elements.namedItem("code");
    if (code instanceof HTMLElement) code.focus();
  }, []);

  const submit = form.onSubmit(async ({ code }) => {
    setPending(true);
    const attempt = await signIn(code);
    if (finish(attempt)) return;
    setPending(false);
    form.setFormError(refusal(attempt, recovery ? "That recovery code is not valid." : "That code is not valid."));
  });

  return (
    <form ref={formRef} noValidate onSubmit={submit} className="space-y-4">
      <p className="text-sm text-ink-muted">
        {recovery
          ? "Enter one of the recovery codes you saved when you turned two-factor on. Each works once."
          : "Enter the code from your authenticator app."}
      </p>
      <FormField
        label={recovery ? "Recovery code" : "Authentication code"}
        autoComplete="one-time-code"
        // Six digits from the app; a recovery code has letters.
        inputMode={recovery ? "text" : "numeric"}
        {...form.field("code")}
      />
      <FormAlert message={form.formError} />
      <PendingButton type="submit" pending={pending} className={`${buttonStyles.primary} w-full`}>
        Verify
      </PendingButton>
      <p className="flex justify-between text-sm">
        <button
          type="button"
          onClick={switchKind}
          className="text-ink-muted underline-offset-4 hover:text-ink hover:underline"
        >
          {recovery ? "Use your authenticator app" : "Use a recovery code"}
        </button>
        <button
          type="button"
          onClick={startOver}
          className="text-ink-muted underline-offset-4 hover:text-ink hover:underline"
        >
          Use a different account
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
