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

export interface Credentials {
  email: string;
  password: string;
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

export class SignInRefused extends Error {}

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
  const fetchImpl = options.fetch ?? fetch;
  const jar = new CookieJar();
  const withCookies: typeof fetch = (input, init) =>
    fetchImpl(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: jar.header() } });
  const at = (path: string) => new URL(path, options.url).toString();

  const csrf = await withCookies(at("/api/auth/csrf"));
  jar.keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };

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
        `Too many sign-in attempts: try again in ${response.headers.get("retry-after") ?? "a few"} seconds.`,
      );
    }
    // Auth.js answers a refusal with a redirect whose query names it: ?error=CredentialsSignin&code=…
    const location = new URL(response.headers.get("location") ?? "/", options.url);
    return location.searchParams.has("error") ? (location.searchParams.get("code") ?? "refused") : "signed-in";
  };

  let outcome = await attempt();
  if (outcome === SECOND_FACTOR_REQUIRED) outcome = await attempt(await options.askCode());
  if (outcome !== "signed-in") {
    throw new SignInRefused(
      outcome === SECOND_FACTOR_REQUIRED ? "That code is not valid." : "Wrong email or password.",
    );
  }

  const session = createTrellisClient({ url: options.url, fetch: withCookies });
  const { secret } = await session.apiToken.create.mutate({
    name: options.tokenName,
    scope: options.scope,
    expiresInDays: TOKEN_DAYS,
  });
  // The session was only a means to the token: end it, so it does not linger for its full lifetime.
  await withCookies(at("/api/auth/signout"), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken }),
    redirect: "manual",
  }).catch(() => undefined);
  return secret;
}
