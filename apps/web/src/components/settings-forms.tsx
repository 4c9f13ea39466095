"use client";

import { useMutation } from "@tanstack/react-query";
import { signInWithPassword, signOutHere } from "@trellis/auth/client";
import { changePasswordInput, NAME_MAX, updateProfileInput } from "@trellis/validators";
import { useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";

import { signInHref } from "@/lib/callback-url";
import { useSchemaForm } from "@/lib/use-schema-form";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { ConfirmDialog } from "./confirm-dialog";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  const id = title.toLowerCase().replace(/\W+/g, "-");
  return (
    <section aria-labelledby={id} className="rounded-2xl border border-line bg-surface p-5 shadow-xs sm:p-6">
      <h2 id={id} className="text-base font-semibold text-ink">
        {title}
      </h2>
      <p className="mt-1 text-sm text-ink-muted">{description}</p>
      <div className="mt-5">{children}</div>
    </section>
  );
}

function Saved({ show, children }: { show: boolean; children: ReactNode }) {
  return (
    <p role="status" className="text-sm text-ink-muted">
      {show ? children : ""}
    </p>
  );
}

export function ProfileForm({ name }: { name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useSchemaForm(updateProfileInput, { name });
  const save = useMutation(
    trpc.account.updateProfile.mutationOptions({ onSuccess: () => router.refresh(), onError: form.showError }),
  );
  return (
    <Section title="Profile" description="How you appear on your posts and comments.">
      <form noValidate onSubmit={form.onSubmit((input) => save.mutate(input))} className="space-y-4">
        <FormField label="Display name" autoComplete="name" max={NAME_MAX} {...form.field("name")} />
        <FormAlert message={form.formError} />
        <div className="flex items-center justify-end gap-3">
          <Saved show={save.isSuccess}>Saved.</Saved>
          <PendingButton type="submit" pending={save.isPending} className={buttonStyles.primary}>
            Save name
          </PendingButton>
        </div>
      </form>
    </Section>
  );
}

export function ChangePasswordForm({ email }: { email: string }) {
  const trpc = useTRPC();
  const form = useSchemaForm(changePasswordInput, { currentPassword: "", newPassword: "" });
  const [done, setDone] = useState(false);
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      // Every session just ended, this one too: sign this browser in again with the new password.
      onSuccess: async (_result, { newPassword }) => {
        await signInWithPassword({ email, password: newPassword });
        form.reset();
        setDone(true);
      },
      onError: form.showError,
    }),
  );
  return (
    <Section title="Password" description="Changing it signs you out on every other device.">
      <form noValidate onSubmit={form.onSubmit((input) => change.mutate(input))} className="space-y-4">
        <FormField
          label="Current password"
          type="password"
          autoComplete="current-password"
          {...form.field("currentPassword")}
        />
        <FormField label="New password" type="password" autoComplete="new-password" {...form.field("newPassword")} />
        <FormAlert message={form.formError} />
        <div className="flex items-center justify-end gap-3">
          <Saved show={done}>Password changed.</Saved>
          <PendingButton type="submit" pending={change.isPending} className={buttonStyles.primary}>
            Change password
          </PendingButton>
        </div>
      </form>
    </Section>
  );
}

export function SignOutEverywhere() {
  const trpc = useTRPC();
  const revoke = useMutation(
    trpc.account.signOutEverywhere.mutationOptions({
      onSuccess: async () => {
        await signOutHere();
        window.location.assign(signInHref("/settings"));
      },
    }),
  );
  return (
    <Section
      title="Sessions"
      description="Lost a device, or signed in somewhere you should not have? End every session at once."
    >
      <div className="flex items-center justify-end gap-3">
        <ConfirmDialog
          trigger={
            <button type="button" className={buttonStyles.secondary}>
              Sign out everywhere
            </button>
          }
          title="Sign out everywhere?"
          description="Every device signed in to your account, this one included, is signed out. You sign in again with your password."
          confirmLabel="Sign out everywhere"
          onConfirm={() => revoke.mutateAsync()}
        />
      </div>
    </Section>
  );
}
