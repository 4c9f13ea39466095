"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { type ReactElement, type ReactNode, type RefObject, useEffect, useRef, useState } from "react";

import { buttonStyles } from "./button-styles";
import { PendingButton } from "./pending-button";

type Props = {
  title: string;
  description: ReactNode;
  /** The confirm button's label: say what happens ("Delete permanently"), not "OK". */
  confirmLabel: string;
  /**
   * Runs the action; the dialog closes when it resolves and shows its error when it rejects, so a
   * failed delete is explained where the person is looking, and they can try again or cancel.
   */
  onConfirm: () => Promise<unknown>;
  /** Called when the dialog closes without the action having succeeded (Cancel, Escape, or after a failure). */
  onCancel?: () => void;
  /**
   * Where focus goes after the action succeeded, when the trigger went with what it acted on (a
   * deleted comment's button): without it focus would drop to the page's body.
   */
  focusAfterDone?: () => HTMLElement | null;
} & (
  | {
      /** The button that opens the dialog; focus returns to it on close. */
      trigger: ReactElement;
      open?: never;
      onOpenChange?: never;
      returnFocusTo?: never;
    }
  | {
      /** Opened by something that is not a button (a select's change): the caller owns the open state. */
      trigger?: never;
      open: boolean;
      onOpenChange: (open: boolean) => void;
      /** Where focus goes on close, as a trigger would get it. */
      returnFocusTo: RefObject<HTMLElement | null>;
    }
);

/**
 * The one way Trellis asks before an action that cannot be undone (ADR 041). Radix's alert dialog
 * traps focus inside, starts it on Cancel, closes on Escape, hides the rest of the page from screen
 * readers, and gives focus back when it closes.
 */
export function ConfirmDialog(props: Props) {
  const { title, description, confirmLabel, onConfirm, onCancel, focusAfterDone } = props;
  const [ownOpen, setOwnOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const done = useRef(false);
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const open = props.trigger ? ownOpen : props.open;

  function setOpen(next: boolean) {
    if (props.trigger) setOwnOpen(next);
    else props.onOpenChange(next);
  }

  function onOpenChange(next: boolean) {
    // While the action runs, Escape does not pretend to cancel it.
    if (pending) return;
    if (!next) {
      setError(null);
      onCancel?.();
    }
    setOpen(next);
  }

  async function confirm() {
    setPending(true);
    setError(null);
    done.current = false;
    try {
      await onConfirm();
    } catch (failure) {
      setError(failure instanceof Error && failure.message ? failure.message : "Something went wrong. Try again.");
      return;
    } finally {
      setPending(false);
    }
    done.current = true;
    // The action may have taken the dialog with it (a deleted comment's row): then no close event
    // will come to move focus, so move it here.
    if (!mounted.current) focusAfterDone?.()?.focus();
    else setOpen(false);
  }

  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      {props.trigger ? <AlertDialog.Trigger asChild>{props.trigger}</AlertDialog.Trigger> : null}
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-black/40 backdrop-blur-[2px]" />
        <AlertDialog.Content
          onCloseAutoFocus={(event) => {
            const afterDone = done.current ? focusAfterDone?.() : null;
            if (afterDone) {
              event.preventDefault();
              afterDone.focus();
              return;
            }
            if (props.trigger) return;
            event.preventDefault();
            props.returnFocusTo.current?.focus();
          }}
          className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-2xl border border-line bg-surface p-6 text-ink shadow-xl"
        >
          <AlertDialog.Title className="text-lg font-semibold">{title}</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-ink-muted">{description}</AlertDialog.Description>
          {error ? (
            <p role="alert" className="mt-4 rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
              {error}
            </p>
          ) : null}
          <div className="mt-6 flex flex-wrap justify-end gap-3">
            <AlertDialog.Cancel className={buttonStyles.secondary} disabled={pending}>
              Cancel
            </AlertDialog.Cancel>
            {/* Not AlertDialog.Action: that closes at once, and the dialog stays open until the action is done. */}
            <PendingButton onClick={() => void confirm()} pending={pending} className={buttonStyles.danger}>
              {confirmLabel}
            </PendingButton>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
