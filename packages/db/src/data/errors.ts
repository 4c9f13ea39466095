/**
 * Drizzle wraps driver errors (`DrizzleQueryError`), so the driver's own error
 * sits somewhere down the `cause` chain: look for its code there.
 */
export function driverErrorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) {
    if ("code" in e && typeof e.code === "string") codes.push(e.code);
  }
  return codes;
}

/** SQLite's and Postgres' (SQLSTATE 23503) ways of saying "that row does not exist". */
const FOREIGN_KEY_VIOLATION = new Set(["SQLITE_CONSTRAINT_FOREIGNKEY", "23503"]);

/** A write referred to a row that does not exist (e.g. a comment on a deleted post). */
export function isForeignKeyViolation(error: unknown): boolean {
  return driverErrorCodes(error).some((code) => FOREIGN_KEY_VIOLATION.has(code));
}

/** SQLite's and Postgres' (SQLSTATE 23505) ways of saying "that value is taken". */
const UNIQUE_VIOLATION = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "23505"]);

/** A write collided with a unique index (e.g. an email that already has an account). */
export function isUniqueViolation(error: unknown): boolean {
  return driverErrorCodes(error).some((code) => UNIQUE_VIOLATION.has(code));
}

/**
 * What `write` returns, or undefined when the database refused it for the
 * reason `refusal` recognises (isUniqueViolation, isForeignKeyViolation): the
 * contract's "undefined when the email is taken / the post is gone". Any
 * other error propagates. `write` may throw synchronously (a SQLite
 * transaction) or reject (a Postgres one).
 */
export async function unlessRefused<T>(
  refusal: (error: unknown) => boolean,
  write: () => T | Promise<T>,
): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    if (refusal(error)) return undefined;
    throw error;
  }
}
