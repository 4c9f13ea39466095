/**
 * Drizzle wraps driver errors (`DrizzleQueryError`), so the driver's own error
 * sits somewhere down the `cause` chain: look for its code there.
 */
function driverErrorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) {
    if ("code" in e && typeof e.code === "string") codes.push(e.code);
  }
  return codes;
}

/** A write referred to a row that does not exist (e.g. a comment on a deleted post). */
export function isForeignKeyViolation(error: unknown): boolean {
  return driverErrorCodes(error).includes("SQLITE_CONSTRAINT_FOREIGNKEY");
}
