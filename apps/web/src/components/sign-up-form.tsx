"use client";

import { useMutation } from "@tanstack/react-query";
import { signInWithPassword } from "@trellis/auth/client";
import { PASSWORD_MIN, signUpInput } from "@trellis/validators";

import { useSchemaForm } from "@/lib/use-schema-form";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const trpc = useTRPC();
  const form = useSchemaForm(signUpInput, { name: "", email: "", password: "" });
  const signUp = useMutation(
    trpc.account.signUp.mutationOptions({
      onSuccess: async (_user, input) => {
        if (await signInWithPassword({ email: input.email, password: input.password })) {
          window.location.assign(callbackUrl);
        } else {
          form.setFormError("Your account is ready, but signing in failed. Try signing in.");
        }
      },
      onError: form.showError,
    }),
  );

  return (
    <form noValidate onSubmit={form.onSubmit((input) => signUp.mutate(input))} className="space-y-4">
      <FormField label="Name" autoComplete="name" {...form.field("name")} />
      <FormField label="Email" type="email" autoComplete="email" {...form.field("email")} />
      <FormField
        label="Password"
        type="password"
        autoComplete="new-password"
        placeholder={`At least ${PASSWORD_MIN} characters`}
        {...form.field("password")}
      />
      <FormAlert message={form.formError} />
      <PendingButton
        type="submit"
        pending={signUp.isPending || signUp.isSuccess}
        className={`${buttonStyles.primary} w-full`}
      >
        Create account
      </PendingButton>
    </form>
  );
}
