"use client";

import { type FormEvent, useState } from "react";
import type { z } from "zod";

import { describeApiError, type FieldErrors, zodFieldErrors } from "./field-errors";

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

  return {
    values,
    formError,
    setFormError,
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
      setFormError(null);
      const parsed = schema.safeParse(values);
      if (!parsed.success) {
        setFieldErrors(zodFieldErrors(parsed.error));
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
    },
    reset: () => setValues(initial),
  };
}
