/**
 * The names `pnpm rename` writes, derived from what a person types
 * (`pnpm rename @acme "Acme Notes"`), and the starter's own names they replace.
 * Every rule a name must follow is checked here, before any file is touched.
 */

/** What the starter is called today: the values `pnpm rename` looks for. */
export const STARTER = {
  scope: "@trellis",
  appName: "Trellis",
  bin: "trellis",
  tokenPrefix: "trl_",
} as const;

export interface Names {
  /** The npm scope of every workspace package: "@acme". */
  scope: string;
  /** The name people read in titles, headers and emails: "Acme Notes". */
  appName: string;
  /** The CLI's command and the root package's name: "acme-notes". */
  bin: string;
  /** What every API token starts with: "acm_". Three letters and "_", as long as the starter's (tests slice by it). */
  tokenPrefix: string;
}

/** An npm scope: "@" then lowercase letters, digits, "-", "." or "_" (npm's own rule for scoped names). */
const SCOPE = /^@[a-z0-9][a-z0-9._-]{0,49}$/;
/** Letters, digits, spaces and a little punctuation: it is written into strings, JSX text and JSON as it is. */
const APP_NAME = /^[\p{L}\p{N}][\p{L}\p{N} .&-]{0,39}$/u;
/** Three lowercase letters and "_": the token parser checks only this prefix, and the secret is base64url after it. */
const TOKEN_PREFIX = /^[a-z]{3}_$/;

/** "Acme Notes" → "acme-notes": the app name as a command name. */
export function slugOf(appName: string): string {
  return appName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** "acme-notes" → "acm_": the first three letters of the slug. */
export function tokenPrefixOf(slug: string): string {
  return `${slug
    .replace(/[^a-z]/g, "")
    .padEnd(3, "x")
    .slice(0, 3)}_`;
}

/** The names for `scope` and `appName`, or an error that says which rule was broken. */
export function namesFor(scope: string, appName: string, tokenPrefix?: string): Names {
  if (!SCOPE.test(scope)) {
    throw new Error(`"${scope}" is not an npm scope: "@" then lowercase letters, digits, ".", "_" or "-"`);
  }
  if (!APP_NAME.test(appName)) {
    throw new Error(`"${appName}" cannot be the app's name: up to 40 letters, digits, spaces, ".", "&" or "-"`);
  }
  const bin = slugOf(appName);
  if (!/^[a-z]/.test(bin)) throw new Error(`"${appName}" must start with a letter to make a command name`);
  const prefix = tokenPrefix ?? tokenPrefixOf(bin);
  if (!TOKEN_PREFIX.test(prefix)) throw new Error(`"${prefix}" is not a token prefix: three lowercase letters and "_"`);
  return { scope, appName, bin, tokenPrefix: prefix };
}
