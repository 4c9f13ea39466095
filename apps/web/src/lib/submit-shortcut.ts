import type { KeyboardEvent } from "react";

/**
 * Ctrl+Enter (Cmd+Enter on a Mac) in a textarea sends its form, where plain
 * Enter writes a new line. It goes through requestSubmit, so the form's own
 * submit handler (validation, the mutation) runs as for a click; not while the
 * submit button is disabled, which is how a form says it is already sending.
 */
export function submitOnModEnter(event: KeyboardEvent<HTMLTextAreaElement>): void {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.nativeEvent.isComposing) return;
  const form = event.currentTarget.form;
  if (!form) return;
  event.preventDefault();
  const submitter = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (submitter?.disabled) return;
  form.requestSubmit(submitter ?? undefined);
}
