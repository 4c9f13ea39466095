/**
 * Signing in the way the browser does, for `trellis login`: Auth.js's CSRF
 * token, the credentials callback, the session cookie — then one
 * `apiToken.create` with that session, and a sign-out. docs/client.md
 * shows the same steps with curl for a CI system.
 */
import { createTrellisClient } from "./index";

/** Auth.js's answer when the password was right and the account has two-factor on (ADR 046). */
const SECOND_FACTOR_REQUIRED = "second-factor-required";

/** A login token lasts as long as the longest choice in Settings offers for the common case; log in again after. */
const TOKEN_DAYS = 90;

/** The longest token name the app accepts (NAME_MAX in @trellis/validators, not imported: the CLI bundles no validators). */
export const TOKEN_NAME_MAX = 60;

export interface Credentials {
  email: string;
  password: string;
}

/** A refusal to sign in, printed as `error CODE: message` like any error from the app. */
export class SignInRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The cookies the app set so far, sent back on each next request: all a sign-in needs of a cookie jar. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const separator = pair.indexOf("=");
      if (separator > 0) this.cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** localhost, 127.0.0.0/8 and ::1: the only hosts plain HTTP may carry a password to (it never leaves the machine). */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Refuses a URL a password would cross the network unencrypted to: https, or http to this machine only. */
export function assertSafeForPassword(url: string): void {
  const parsed = new URL(url);
  if (parsed.protocol === "https:" || (parsed.protocol === "http:" && isLoopback(parsed.hostname))) return;
  throw new SignInRefused(
    "INSECURE_URL",
    `Refusing to send a password to ${parsed.origin}: it is not https:// (plain http:// only to localhost).`,
  );
}

/** "trellis CLI on <host>", cut to the longest name the app accepts. */
export function tokenNameFor(host: string): string {
  return `trellis CLI on ${host}`.slice(0, TOKEN_NAME_MAX);
}

/**
 * Signs in with email and password (and a code from `askCode` when two-factor
 * asks for one), creates a read-write or read API token named `tokenName`,
 * signs the session out again and returns the token's secret.
 */
export async function signInForToken(options: {
  url: string;
  credentials: Credentials;
  askCode: () => Promise<string>;
  tokenName: string;
  scope: "read" | "read-write";
  fetch?: typeof fetch;
}): Promise<string> {
  assertSafeForPassword(options.url);
  const fetchImpl = options.fetch ?? fetch;
  const jar = new CookieJar();
  const withCookies: typeof fetch = (input, init) =>
    fetchImpl(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: jar.header() } });
  const at = (path: string) => new URL(path, options.url).toString();

  const csrf = await withCookies(at("/api/auth/csrf"));
  jar.keep(csrf);
  if (!csrf.ok) throw new SignInRefused("UNEXPECTED_RESPONSE", `The app answered ${csrf.status} to /api/auth/csrf.`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };

  /** One POST of the sign-in form: "signed-in", or the refusal's code from Auth.js's redirect. */
  const attempt = async (code?: string) => {
    const form = new URLSearchParams({ ...options.credentials, csrfToken, callbackUrl: at("/") });
    if (code !== undefined) form.set("code", code);
    const response = await withCookies(at("/api/auth/callback/credentials"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
      redirect: "manual",
    });
    jar.keep(response);
    if (response.status === 429) {
      throw new SignInRefused(
        "TOO_MANY_REQUESTS",
        `Too many sign-in attempts: try again in ${response.headers.get("retry-after") ?? "a few"} seconds.`,
      );
    }
    // Auth.js answers both outcomes with a redirect; anything else (a 4xx, a 5xx, a proxy's page) is no sign-in.
    const location = response.headers.get("location");
    if (response.status < 300 || response.status > 399 || !location) {
      throw new SignInRefused(
        "UNEXPECTED_RESPONSE",
        `The app answered ${response.status} to the sign-in, not a redirect: not signed in.`,
      );
    }
    // A refusal's redirect names it in its query: ?error=CredentialsSignin&code=…
    const target = new URL(location, options.url);
    return target.searchParams.has("error") ? (target.searchParams.get("code") ?? "refused") : "signed-in";
  };

  let outcome = await attempt();
  if (outcome === SECOND_FACTOR_REQUIRED) {
    const code = await options.askCode();
    // Each try counts against the sign-in limit: an empty one is refused here, not spent.
    if (code.trim() === "")
      throw new SignInRefused("UNAUTHORIZED", "A two-factor code (or a recovery code) is needed.");
    outcome = await attempt(code);
    if (outcome !== "signed-in") throw new SignInRefused("UNAUTHORIZED", "That code is not valid.");
  }
  if (outcome !== "signed-in") throw new SignInRefused("UNAUTHORIZED", "Wrong email or password.");

  try {
    const session = createTrellisClient({ url: options.url, fetch: withCookies });
    const { secret } = await session.apiToken.create.mutate({
      name: options.tokenName.slice(0, TOKEN_NAME_MAX),
      scope: options.scope,
      expiresInDays: TOKEN_DAYS,
    });
    return secret;
  } finally {
    // The session was only a means to the token: end it, even when creating the token failed.
    await withCookies(at("/api/auth/signout"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken }),
      redirect: "manual",
    }).catch(() => undefined);
  }
}
