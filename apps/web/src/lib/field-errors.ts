import { type ZodError, z } from "zod";

/** Messages per form field, the shape both zod (in the browser) and the API (on BAD_REQUEST) report. */
export type FieldErrors = Record<string, string[] | undefined>;

export function zodFieldErrors(error: ZodError): FieldErrors {
  return z.flattenError(error).fieldErrors;
}

/** What a tRPC client error carries; structural, so it fits any procedure's error type. */
interface ApiErrorLike {
  message: string;
  data?: { code?: string; fieldErrors?: FieldErrors | null } | null;
}

/**
 * Splits a failed mutation into messages for the form's own fields (the server
 * rejected the input) and one message for the whole form (anything else,
 * including a rejected field the form does not show).
 */
export function describeApiError(
  error: ApiErrorLike,
  formFields: readonly string[],
): { fieldErrors: FieldErrors; formError: string | null } {
  const all = error.data?.code === "BAD_REQUEST" ? (error.data.fieldErrors ?? {}) : {};
  const fieldErrors: FieldErrors = {};
  const others: string[] = [];
  for (const [field, messages] of Object.entries(all)) {
    if (formFields.includes(field)) fieldErrors[field] = messages;
    else others.push(...(messages ?? []));
  }
  if (Object.keys(fieldErrors).length > 0 && others.length === 0) return { fieldErrors, formError: null };
  return { fieldErrors, formError: others[0] || error.message || "Something went wrong. Please try again." };
}
