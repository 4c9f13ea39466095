/**
 * Whether both databases store `text` exactly as it was sent. Postgres
 * refuses a NUL character (U+0000) in text — the whole statement fails — and
 * the drivers of both dialects store an unpaired UTF-16 surrogate as U+FFFD
 * (SQLite as three), so what was stored would not be what was checked (nor as long).
 * Every free-text field refines itself with this, so such input is a field
 * error like any other, never a failed query (packages/server/src/hostile-input.test.ts).
 */
export function isStorableText(text: string): boolean {
  // With the `u` flag, a surrogate pair is one code point outside this range: only unpaired ones match.
  return !text.includes("\u0000") && !/[\uD800-\uDFFF]/u.test(text);
}

export const UNSTORABLE_TEXT = "Remove the invalid characters (NUL or broken Unicode)";

/**
 * The `error` of a field's base type: what a request that leaves the field out
 * (or sends a number, a list…) is told. A form always sends the field, so it
 * meets the rule after this one ("Title is required" for an empty title); a
 * REST or tRPC call can leave it out, and gets the same words, not zod's
 * "Invalid input: expected string, received undefined". `missing` is for a
 * field left out (or null), `wrongType` for one of another type.
 */
export function fieldError(missing: string, wrongType: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined || issue.input === null ? missing : wrongType);
}
