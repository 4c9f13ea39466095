"use client";

import { attemptSignIn } from "@trellis/auth/client";
import { signInInput } from "@trellis/validators";
import Link from "next/link";
import { useState } from "react";

import { useSchemaForm } from "@/lib/use-schema-form";

import { buttonStyles } from "./button-styles";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const form = useSchemaForm(signInInput, { email: "", password: "" });
  const [pending, setPending] = useState(false);

  const submit = form.onSubmit(async (input) => {
    setPending(true);
    const attempt = await attemptSignIn(input);
    if (attempt.status === "signed-in") {
      // A full load, so every cached query is fetched again as the new viewer.
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    if (attempt.status === "rate-limited") {
      form.setFormError(`Too many failed sign-ins. ${tryAgain(attempt.retryAfterSeconds)}`);
      return;
    }
    // The same words for an unknown email and a wrong password: neither is revealed.
    form.setFormError("That email and password do not match an account.");
  });

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

/** When to try again, as the server's Retry-After says: in minutes, rounded up, or seconds under one. */
function tryAgain(seconds: number | null): string {
  if (seconds === null) return "Try again later.";
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
