/**
 * A URL without its password, for logs and errors: `postgres://app:secret@host/db`
 * → `postgres://app:***@host/db`, `redis://:secret@host:6379` → `redis://:***@host:6379`.
 * Anything without a password, a SQLite file path included, is shown as it is.
 * The password runs to the last `@` of the whole string: a password may hold an
 * `@`, or a `/`, `?` or `#` someone did not percent-encode. Hiding too much (an
 * `@` in a query) is the safe way to be wrong.
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:).*@/i, "$1***@");
}
