"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@trellis/api";
import { passkeyName } from "@trellis/validators/passkey";
import { useState } from "react";
import { z } from "zod";

import { useSchemaForm } from "@/lib/use-schema-form";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { ConfirmDialog } from "./confirm-dialog";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";
import { TimeAgo } from "./time-ago";

type Passkey = RouterOutputs["passkey"]["list"][number];

const PASSKEYS_HEADING_ID = "passkeys-heading";

// An empty name is no name: the server names the passkey after its kind.
const addForm = z
  .object({ name: z.string() })
  .transform(({ name }) => ({ name: name.trim() || undefined }))
  .pipe(z.object({ name: z.union([passkeyName, z.undefined()]) }));
const renameForm = z.object({ name: passkeyName });

/**
 * Add, list, rename and remove passkeys (ADR 047). The browser's WebAuthn
 * code (@simplewebauthn/browser) loads when "Add a passkey" is pressed, not
 * with the page.
 */
export function Passkeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const passkeys = useQuery(trpc.passkey.list.queryOptions());
  const form = useSchemaForm(addForm, { name: "" });
  const options = useMutation(trpc.passkey.registrationOptions.mutationOptions({ onError: form.showError }));
  const register = useMutation(trpc.passkey.register.mutationOptions({ onError: form.showError }));
  const [pending, setPending] = useState(false);
  const [added, setAdded] = useState<string | null>(null);

  const add = form.onSubmit(async ({ name }) => {
    setPending(true);
    setAdded(null);
    try {
      const optionsJSON = await options.mutateAsync();
      const browser = await import("@simplewebauthn/browser").catch(() => null);
      if (!browser) {
        form.setFormError("The passkey code could not load. Please try again.");
        return;
      }
      let response: Awaited<ReturnType<typeof browser.startRegistration>>;
      try {
        response = await browser.startRegistration({ optionsJSON });
      } catch (error) {
        form.setFormError(ceremonyFailure(error));
        return;
      }
      const passkey = await register.mutateAsync({ response, name });
      setAdded(passkey.name);
      form.reset();
      await queryClient.invalidateQueries({ queryKey: trpc.passkey.list.queryKey() });
    } catch {
      // A mutation failed: its onError (above) has shown why.
    } finally {
      setPending(false);
    }
  });

  return (
    <section
      aria-labelledby={PASSKEYS_HEADING_ID}
      className="rounded-2xl border border-line bg-surface p-5 shadow-xs sm:p-6"
    >
      <h2 id={PASSKEYS_HEADING_ID} tabIndex={-1} className="text-base font-semibold text-ink focus:outline-none">
        Passkeys
      </h2>
      <p className="mt-1 text-sm text-ink-muted">
        Sign in with your fingerprint, face, screen lock or security key instead of your password.
      </p>

      {added ? (
        <p role="status" className="mt-4 rounded-lg bg-accent-soft px-3 py-2 text-sm text-ink">
          Passkey “{added}” added.
        </p>
      ) : null}

      <form noValidate onSubmit={add} className="mt-5 space-y-4">
        <FormField label="Passkey name (optional)" placeholder="e.g. Work laptop" {...form.field("name")} />
        <FormAlert message={form.formError} />
        <div className="flex justify-end">
          <PendingButton type="submit" pending={pending} className={buttonStyles.primary}>
            Add a passkey
          </PendingButton>
        </div>
      </form>

      {passkeys.data && passkeys.data.length > 0 ? (
        <ul aria-label="Your passkeys" className="mt-6 divide-y divide-line rounded-xl border border-line">
          {passkeys.data.map((passkey) => (
            <li key={passkey.id}>
              <PasskeyRow passkey={passkey} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function PasskeyRow({ passkey }: { passkey: Passkey }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.passkey.list.queryKey() });
  const remove = useMutation(trpc.passkey.remove.mutationOptions({ onSuccess: refresh }));

  if (renaming) return <RenamePasskey passkey={passkey} onDone={() => setRenaming(false)} />;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3">
      <div className="min-w-0 flex-1">
        <p className="font-medium text-ink">
          {passkey.name}{" "}
          <span className="text-sm font-normal text-ink-muted">
            · {passkey.deviceType === "multiDevice" ? "synced" : "on one device"}
          </span>
        </p>
        <p className="text-sm text-ink-muted">
          created <TimeAgo date={passkey.createdAt} /> ·{" "}
          {passkey.lastUsedAt ? (
            <>
              last used <TimeAgo date={passkey.lastUsedAt} />
            </>
          ) : (
            "never used"
          )}
        </p>
      </div>
      <button
        type="button"
        aria-label={`Rename ${passkey.name}`}
        onClick={() => setRenaming(true)}
        className={buttonStyles.ghost}
      >
        Rename
      </button>
      <ConfirmDialog
        trigger={
          <button type="button" aria-label={`Remove ${passkey.name}`} className={buttonStyles.dangerGhost}>
            Remove
          </button>
        }
        title={`Remove “${passkey.name}”?`}
        description="It no longer signs you in. Remove it from the device or password manager that holds it too."
        confirmLabel="Remove passkey"
        onConfirm={() => remove.mutateAsync({ id: passkey.id })}
        // The row, its Remove button with it, is gone once the list refetches.
        focusAfterDone={() => document.getElementById(PASSKEYS_HEADING_ID)}
      />
    </div>
  );
}

function RenamePasskey({ passkey, onDone }: { passkey: Passkey; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useSchemaForm(renameForm, { name: passkey.name });
  const rename = useMutation(
    trpc.passkey.rename.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.passkey.list.queryKey() });
        onDone();
      },
      onError: form.showError,
    }),
  );
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(({ name }) => rename.mutate({ id: passkey.id, name }))}
      className="space-y-3 px-4 py-3"
    >
      <FormField label={`New name for ${passkey.name}`} {...form.field("name")} />
      <FormAlert message={form.formError} />
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onDone} className={buttonStyles.ghost}>
          Cancel
        </button>
        <PendingButton type="submit" pending={rename.isPending} className={buttonStyles.primary}>
          Save name
        </PendingButton>
      </div>
    </form>
  );
}

/** What to say when the browser's ceremony did not finish: cancelled, already there, or not supported. */
function ceremonyFailure(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "InvalidStateError") return "This device or security key already holds a passkey for your account.";
  if (name === "NotAllowedError" || name === "AbortError") return "Adding the passkey was cancelled or timed out.";
  return "This browser could not create a passkey.";
}
