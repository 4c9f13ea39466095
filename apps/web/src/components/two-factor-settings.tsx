"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { twoFactorCodeInput } from "@trellis/validators";
import { useEffect, useRef, useState } from "react";

import { describeApiError } from "@/lib/field-errors";
import { useSchemaForm } from "@/lib/use-schema-form";
import { useTRPC, useTRPCClient } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { CopyButton } from "./copy-button";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PendingButton } from "./pending-button";

const HEADING_ID = "two-factor-heading";

/**
 * Two-factor sign-in with an authenticator app (ADR 046): set it up by
 * scanning a QR code (or typing the secret) and confirming a first code; the
 * ten recovery codes are shown once, then. Turning it off and new recovery
 * codes need a current code.
 */
export function TwoFactorSettings() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.twoFactor.status.queryOptions());
  const [setup, setSetup] = useState<{ qrSvg: string; secret: string } | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.twoFactor.status.queryKey() });

  // The secret stays in this component's state only: the mutation cache lets go of it at once.
  const begin = useMutation(
    trpc.twoFactor.begin.mutationOptions({
      onSuccess: setSetup,
      // CONFLICT: two-factor was turned on meanwhile (another tab); the status is fetched again to show it.
      onError: (error) => {
        if (error.data?.code === "CONFLICT") {
          setSetup(null);
          void refresh();
        }
      },
      gcTime: 0,
    }),
  );
  // A refusal (already on, too many tries) or a lost connection, said beside the button that was pressed.
  const beginError = begin.error ? describeApiError(begin.error, []).formError : null;
  // The setup was replaced or finished elsewhere (another tab): what is on now is fetched again, and the
  // pending setup here is dropped, so the button to start again shows.
  const setupChanged = async () => {
    setSetup(null);
    begin.reset();
    await refresh();
  };
  const focusHeading = () => document.getElementById(HEADING_ID)?.focus();

  return (
    <section aria-labelledby={HEADING_ID} className="rounded-2xl border border-line bg-surface p-5 shadow-xs sm:p-6">
      <h2 id={HEADING_ID} tabIndex={-1} className="text-base font-semibold text-ink focus:outline-none">
        Two-factor sign-in
      </h2>
      <p className="mt-1 text-sm text-ink-muted">
        {status.data?.enabled
          ? `On: signing in asks for a code from your authenticator app. ${status.data.recoveryCodesLeft} of 10 recovery codes left.`
          : "Off: ask for a code from an authenticator app after your password, so a stolen password is not enough."}
      </p>

      {recoveryCodes ? (
        <RecoveryCodes
          codes={recoveryCodes}
          done={() => {
            setRecoveryCodes(null);
            // The button pressed is gone with the codes: focus goes back to the top of this section.
            focusHeading();
          }}
        />
      ) : null}

      <div className="mt-5">
        {!status.data ? null : status.data.enabled ? (
          <div className="space-y-6">
            <CodeAction
              label="New recovery codes"
              description="Replaces every recovery code you have with ten new ones."
              run={(input) => client.twoFactor.regenerateRecoveryCodes.mutate(input)}
              onDone={async ({ recoveryCodes: codes }) => {
                setRecoveryCodes(codes);
                await refresh();
              }}
            />
            <CodeAction
              label="Turn off two-factor"
              description="Signing in asks for your password only."
              run={(input) => client.twoFactor.disable.mutate(input)}
              onDone={async () => {
                setRecoveryCodes(null);
                await refresh();
              }}
            />
          </div>
        ) : setup ? (
          <ConfirmSetup
            setup={setup}
            startingAgain={begin.isPending}
            startAgainError={beginError}
            startAgain={() => begin.mutate()}
            cancel={() => {
              setSetup(null);
              begin.reset();
              focusHeading();
            }}
            onSetupChanged={setupChanged}
            onEnabled={async (codes) => {
              setSetup(null);
              begin.reset();
              setRecoveryCodes(codes);
              await refresh();
            }}
          />
        ) : (
          <div className="space-y-3">
            <div className="flex justify-end">
              <PendingButton
                type="button"
                pending={begin.isPending}
                onClick={() => begin.mutate()}
                className={buttonStyles.primary}
              >
                Set up two-factor
              </PendingButton>
            </div>
            <FormAlert message={beginError} />
          </div>
        )}
      </div>
    </section>
  );
}

function ConfirmSetup({
  setup,
  startingAgain,
  startAgainError,
  startAgain,
  cancel,
  onSetupChanged,
  onEnabled,
}: {
  setup: { qrSvg: string; secret: string };
  startingAgain: boolean;
  startAgainError: string | null;
  startAgain: () => void;
  cancel: () => void;
  onSetupChanged: () => Promise<void>;
  onEnabled: (recoveryCodes: string[]) => Promise<void>;
}) {
  const trpc = useTRPC();
  const form = useSchemaForm(twoFactorCodeInput, { code: "" });
  const confirm = useMutation(
    trpc.twoFactor.confirm.mutationOptions({
      // The recovery codes are handed to the page's state, shown once; the mutation cache keeps no copy.
      gcTime: 0,
      onSuccess: ({ recoveryCodes }) => onEnabled(recoveryCodes),
      onError: (error) => {
        // CONFLICT: no pending setup any more (replaced or finished in another tab). Its message says to start
        // again, which means nothing while the stale QR code is still here: the status is fetched again instead.
        if (error.data?.code === "CONFLICT") void onSetupChanged();
        else form.showError(error);
      },
    }),
  );
  return (
    <div className="space-y-4">
      <p className="text-sm text-ink">
        Scan this QR code with your authenticator app, or type the key below into it. Then enter the code it shows.
      </p>
      {/* Drawn on our server from the secret: no outside service sees it. */}
      {/* biome-ignore lint/performance/noImgElement: a data URL of an SVG, nothing for next/image to optimise */}
      <img
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
        alt="QR code to add Trellis to your authenticator app"
        width={192}
        height={192}
        className="rounded-lg border border-line bg-white p-2"
      />
      <p className="text-sm text-ink-muted">
        Key:{" "}
        <code data-testid="totp-secret" className="break-all rounded bg-surface-muted px-1 text-ink">
          {setup.secret}
        </code>
      </p>
      <form noValidate onSubmit={form.onSubmit((input) => confirm.mutate(input))} className="space-y-4">
        <FormField label="Code from the app" autoComplete="one-time-code" inputMode="numeric" {...form.field("code")} />
        <FormAlert message={form.formError} />
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" onClick={cancel} className={buttonStyles.ghost}>
            Cancel
          </button>
          {/* A new secret and QR code, replacing this one (a code that never matches, a lost scan). */}
          <PendingButton type="button" pending={startingAgain} onClick={startAgain} className={buttonStyles.secondary}>
            Start again
          </PendingButton>
          <PendingButton type="submit" pending={confirm.isPending} className={buttonStyles.primary}>
            Turn on two-factor
          </PendingButton>
        </div>
        <FormAlert message={startAgainError} />
      </form>
    </div>
  );
}

/** A change that needs a current code from the app, or a recovery code. */
function CodeAction<Result>({
  label,
  description,
  run,
  onDone,
}: {
  label: string;
  description: string;
  run: (input: { code: string }) => Promise<Result>;
  onDone: (result: Result) => Promise<void>;
}) {
  const form = useSchemaForm(twoFactorCodeInput, { code: "" });
  const mutation = useMutation({
    mutationFn: run,
    // New recovery codes are handed to the page's state, shown once; the mutation cache keeps no copy.
    gcTime: 0,
    onSuccess: async (result) => {
      form.reset();
      await onDone(result);
    },
    onError: form.showError,
  });
  return (
    <form
      noValidate
      // Once shown, the result (new recovery codes) is the page's to keep or drop: the mutation holds no copy.
      onSubmit={form.onSubmit((input) => mutation.mutate(input, { onSuccess: () => mutation.reset() }))}
      className="space-y-3"
    >
      <p className="text-sm text-ink-muted">{description}</p>
      <FormField label={`Code for “${label}”`} autoComplete="one-time-code" {...form.field("code")} />
      <FormAlert message={form.formError} />
      <div className="flex justify-end">
        <PendingButton type="submit" pending={mutation.isPending} className={buttonStyles.secondary}>
          {label}
        </PendingButton>
      </div>
    </form>
  );
}

/** The recovery codes, shown this once: to copy or download, each good for one sign-in. */
function RecoveryCodes({ codes, done }: { codes: string[]; done: () => void }) {
  const text = `${codes.join("\n")}\n`;
  const box = useRef<HTMLDivElement>(null);
  // The form that asked for them is gone (setting up) or done with: focus goes to the codes, read from the top.
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div
      ref={box}
      role="status"
      tabIndex={-1}
      className="mt-5 rounded-xl border border-accent/30 bg-accent-soft p-4 focus:outline-none"
    >
      <p className="text-sm font-medium text-ink">
        Save these recovery codes now: they will not be shown again. Each signs you in once without the app.
      </p>
      <ul data-testid="recovery-codes" className="mt-2 grid grid-cols-2 gap-1 font-mono text-sm text-ink">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <CopyButton text={text} label="Copy codes" />
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="trellis-recovery-codes.txt"
          className={buttonStyles.secondary}
        >
          Download
        </a>
        <button type="button" onClick={done} className={buttonStyles.ghost}>
          Done
        </button>
      </div>
    </div>
  );
}
