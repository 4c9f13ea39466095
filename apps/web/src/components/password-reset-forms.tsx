"use client";

import { useMutation } from "@tanstack/react-query";
import { newPassword, requestPasswordResetInput } from "@trellis/validators";
import Link from "next/link";
import { z } from "zod";

import { withNotice } from "@/lib/notices";
import { useSchemaForm } from "@/lib/use-schema-form";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";

/** Step one: ask for a link. The answer is the same whether or not the email has an account. */
export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const form = useSchemaForm(requestPasswordResetInput, { email: "" });
  const request = useMutation(trpc.account.requestPasswordReset.mutationOptions({ onError: form.showError }));

  if (request.isSuccess) {
    return (
      <p role="status" className="text-sm text-ink">
        If an account exists for <strong>{form.values.email.trim().toLowerCase()}</strong>, we sent it a link to choose
        a new password. The link works once, for 30 minutes.
      </p>
    );
  }
  return (
    <form noValidate onSubmit={form.onSubmit((input) => request.mutate(input))} className="space-y-4">
      <FormField label="Email" type="email" autoComplete="email" {...form.field("email")} />
      <FormAlert message={form.formError} />
      <PendingButton type="submit" pending={request.isPending} className={`${buttonStyles.primary} w-full`}>
        Email me a link
      </PendingButton>
    </form>
  );
}

// The token travels with the form but is not a field the person edits.
const chooseNewPassword = z.object({ password: newPassword });

/**
 * Step two, from the emailed link (its page checked the link first): choose a
 * new password, then sign in with it — on the sign-in page, which says the
 * password changed, so the person types the new one once more while they
 * still remember it.
 */
export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const form = useSchemaForm(chooseNewPassword, { password: "" });
  const reset = useMutation(
    trpc.account.resetPassword.mutationOptions({
      onSuccess: () => window.location.assign(withNotice("/sign-in", "password-changed")),
      onError: form.showError,
    }),
  );

  return (
    <form
      noValidate
      onSubmit={form.onSubmit(({ password }) => reset.mutate({ token, password }))}
      className="space-y-4"
    >
      <FormField label="New password" type="password" autoComplete="new-password" {...form.field("password")} />
      <FormAlert message={form.formError} />
      {reset.isError ? (
        <p className="text-center text-sm">
          <Link href="/forgot-password" className="text-accent underline-offset-4 hover:underline">
            Ask for a new link
          </Link>
        </p>
      ) : null}
      <PendingButton
        type="submit"
        pending={reset.isPending || reset.isSuccess}
        className={`${buttonStyles.primary} w-full`}
      >
        Set new password
      </PendingButton>
    </form>
  );
}
