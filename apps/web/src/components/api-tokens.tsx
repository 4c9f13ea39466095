"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@trellis/api";
import { createApiTokenInput, TOKEN_EXPIRY_DAYS } from "@trellis/validators";
import { useState } from "react";
import { z } from "zod";

import { useSchemaForm } from "@/lib/use-schema-form";
import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { ConfirmDialog } from "./confirm-dialog";
import { CopyButton } from "./copy-button";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";
import { SelectField } from "./select-field";
import { TimeAgo } from "./time-ago";

type Token = RouterOutputs["apiToken"]["list"][number];

const TOKENS_HEADING_ID = "tokens-heading";

// The form's fields are strings; the schema turns them into the procedure's input.
const tokenForm = z
  .object({ name: z.string(), scope: z.string(), expiry: z.string() })
  .transform(({ name, scope, expiry }) => ({
    name,
    scope,
    expiresInDays: expiry === "never" ? null : Number(expiry),
  }))
  .pipe(createApiTokenInput);

const SCOPES = [
  { value: "read", label: "Read only" },
  { value: "read-write", label: "Read and write" },
] as const;
const EXPIRIES = [
  ...TOKEN_EXPIRY_DAYS.map((days) => ({ value: String(days), label: `In ${days} days` })),
  { value: "never", label: "Never" },
];

/** Create, list and revoke API tokens for the typed client and the CLI (docs/client.md). */
export function ApiTokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.apiToken.list.queryOptions());
  const form = useSchemaForm(tokenForm, { name: "", scope: "read", expiry: "30" });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  const create = useMutation(
    trpc.apiToken.create.mutationOptions({
      onSuccess: async ({ token, secret }) => {
        setCreated({ name: token.name, secret });
        form.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.apiToken.list.queryKey() });
      },
      onError: form.showError,
    }),
  );

  return (
    <section
      aria-labelledby={TOKENS_HEADING_ID}
      className="rounded-2xl border border-line bg-surface p-5 shadow-xs sm:p-6"
    >
      <h2 id={TOKENS_HEADING_ID} tabIndex={-1} className="text-base font-semibold text-ink focus:outline-none">
        API tokens
      </h2>
      <p className="mt-1 text-sm text-ink-muted">
        For scripts and the <code>trellis</code> CLI. A token acts as you; a read token cannot change anything.
      </p>

      {created ? (
        <div role="status" className="mt-5 rounded-xl border border-accent/30 bg-accent-soft p-4">
          <p className="text-sm font-medium text-ink">Copy “{created.name}” now: it will not be shown again.</p>
          <code
            data-testid="new-token"
            className="mt-2 block break-all rounded-lg bg-surface px-3 py-2 text-sm text-ink"
          >
            {created.secret}
          </code>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <CopyButton text={created.secret} label="Copy token" />
            <button type="button" onClick={() => setCreated(null)} className={buttonStyles.ghost}>
              Done
            </button>
          </div>
        </div>
      ) : null}

      <form noValidate onSubmit={form.onSubmit((input) => create.mutate(input))} className="mt-5 space-y-4">
        <FormField label="Token name" placeholder="e.g. nightly export" {...form.field("name")} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Scope" options={SCOPES} {...form.field("scope")} />
          <SelectField label="Expires" options={EXPIRIES} {...form.field("expiry")} />
        </div>
        <FormAlert message={form.formError} />
        <div className="flex justify-end">
          <PendingButton type="submit" pending={create.isPending} className={buttonStyles.primary}>
            Create token
          </PendingButton>
        </div>
      </form>

      {tokens.data && tokens.data.length > 0 ? (
        <ul aria-label="Your API tokens" className="mt-6 divide-y divide-line rounded-xl border border-line">
          {tokens.data.map((token) => (
            <li key={token.id}>
              <TokenRow token={token} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function TokenRow({ token }: { token: Token }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiToken.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiToken.list.queryKey() }),
    }),
  );
  const expired = token.expiresAt !== null && token.expiresAt.getTime() < Date.now();

  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3">
      <div className="min-w-0 flex-1">
        <p className="font-medium text-ink">
          {token.name}{" "}
          <span className="text-sm font-normal text-ink-muted">
            · {token.scope === "read" ? "read only" : "read and write"}
          </span>
        </p>
        <p className="text-sm text-ink-muted">
          <code>{token.prefix}…</code> · created <TimeAgo date={token.createdAt} /> ·{" "}
          {token.lastUsedAt ? (
            <>
              last used <TimeAgo date={token.lastUsedAt} />
            </>
          ) : (
            "never used"
          )}{" "}
          ·{" "}
          {token.expiresAt ? (
            <span className={expired ? "text-danger" : undefined}>
              {expired ? "expired" : "expires"} <TimeAgo date={token.expiresAt} />
            </span>
          ) : (
            "no expiry"
          )}
        </p>
      </div>
      <ConfirmDialog
        trigger={
          <button type="button" aria-label={`Revoke ${token.name}`} className={buttonStyles.dangerGhost}>
            Revoke
          </button>
        }
        title={`Revoke “${token.name}”?`}
        description="Scripts and the CLI using it are refused from now on. This can’t be undone."
        confirmLabel="Revoke token"
        onConfirm={() => revoke.mutateAsync({ id: token.id })}
        // The row, its Revoke button with it, is gone once the list refetches.
        focusAfterDone={() => document.getElementById(TOKENS_HEADING_ID)}
      />
    </div>
  );
}
