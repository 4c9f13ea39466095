/**
 * A URL without its password, for logs and errors: `postgres://app:secret@host/db`
 * → `postgres://app:***@host/db`, `redis://:secret@host:6379` → `redis://:***@host:6379`.
 * Anything without a password, a SQLite file path included, is shown as it is.
 * The password runs to the last `@` before the path: a password may hold an `@`.
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^/?#]*@/i, "$1***@");
}
