"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import type { z } from "zod";

import { describeApiError, type FieldErrors, zodFieldErrors } from "./field-errors";

/**
 * Where focus goes once a failed submit has rendered its messages: the first
 * field marked invalid, in the order the form shows them, so a keyboard or
 * screen-reader user lands on what to fix (its message is tied to it). With no
 * invalid field (a message for the whole form), back to the button that sent
 * it, if focus fell to <body> while that button was disabled.
 */
function focusAfterFailure(form: HTMLFormElement, submitter: HTMLElement | null): void {
  const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (invalid) {
    invalid.focus();
    return;
  }
  const focusLost = document.activeElement === null || document.activeElement === document.body;
  if (focusLost && submitter?.isConnected) submitter.focus();
}

/**
 * The state of a form checked by a shared zod schema: its values, the
 * messages per field (from the schema in the browser, or from the server's
 * BAD_REQUEST), and one message for the whole form.
 */
export function useSchemaForm<Field extends string, Output>(
  schema: z.ZodType<Output, Record<Field, string>>,
  initial: Record<Field, string>,
) {
  const [values, setValues] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const fields = Object.keys(initial);
  // The form and button of the last submit: a failure is shown a render later, and focus moves then.
  const submitted = useRef<{ form: HTMLFormElement; submitter: HTMLElement | null } | null>(null);
  const [failures, setFailures] = useState(0);

  useEffect(() => {
    const last = submitted.current;
    if (failures > 0 && last) focusAfterFailure(last.form, last.submitter);
  }, [failures]);

  const fail = () => setFailures((count) => count + 1);

  return {
    values,
    formError,
    /** Shows a message for the whole form (null clears it); focus returns to the form when it was lost. */
    setFormError: (message: string | null) => {
      setFormError(message);
      if (message) fail();
    },
    /** Props for a <FormField> bound to `name`. */
    field: (name: Field) => ({
      name,
      value: values[name],
      errors: fieldErrors[name],
      onChange: (value: string) => setValues((current) => ({ ...current, [name]: value })),
    }),
    /** A submit handler that validates first and calls `submit` with the parsed values only when valid. */
    onSubmit: (submit: (parsed: Output) => void) => (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const submitter = event.nativeEvent instanceof SubmitEvent ? event.nativeEvent.submitter : null;
      submitted.current = { form: event.currentTarget, submitter };
      setFormError(null);
      const parsed = schema.safeParse(values);
      if (!parsed.success) {
        setFieldErrors(zodFieldErrors(parsed.error));
        fail();
        return;
      }
      setFieldErrors({});
      submit(parsed.data);
    },
    /** Shows a failed mutation: beside the fields it names, or for the whole form. */
    showError: (error: Parameters<typeof describeApiError>[0]) => {
      const described = describeApiError(error, fields);
      setFieldErrors(described.fieldErrors);
      setFormError(described.formError);
      fail();
    },
    /**
     * Puts focus in the field `name` of the form last submitted (after a post is sent, to write the next),
     * unless the person has moved on while the request ran: only focus that fell to <body> (a disabled
     * button) or still sits in the form is moved.
     */
    focusField: (name: Field) => {
      const form = submitted.current?.form;
      const control = form?.elements.namedItem(name);
      if (!(control instanceof HTMLElement) || !form) return;
      const active = document.activeElement;
      if (active === null || active === document.body || form.contains(active)) control.focus();
    },
    reset: () => setValues(initial),
  };
}
