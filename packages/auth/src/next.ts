/**
 * Auth.js (next-auth v5) behind a small interface: the app mounts its route
 * handlers for sign-in and sign-out, and authenticates each request with
 * `authenticateRequest` (./session.ts: an API token, or the session cookie
 * Auth.js issued). Nothing else imports next-auth, so replacing Auth.js
 * touches only this package (docs/decisions/014).
 */
import type { DataLayer, OAuthProvider } from "@trellis/db";
import { signInInput } from "@trellis/validators";
import { passkeySignInInput } from "@trellis/validators/passkey";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import NextAuth, { AuthError, CredentialsSignin } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";

import { checkSignIn, signInSettled, signInWrongSecondFactor } from "./credentials";
import {
  CONNECT_INTENT_COOKIE,
  CONNECT_INTENT_TTL_SECONDS,
  connectIntentValue,
  type GitHubEmail,
  githubProfileWithVerifiedEmail,
  identityFromOpenIdClaims,
  type OAuthSignIn,
  readConnectIntent,
  resolveOAuthSignIn,
} from "./oauth";
import { isPasskeyRefusal, relyingParty, verifyPasskeySignIn } from "./passkeys";
import { atRequestedOrigin } from "./requested-origin";
import { redirectWithinSite } from "./same-origin";
import {
  authenticateRequest,
  liveSessionUser,
  revokeSession,
  SESSION_MAX_AGE_SECONDS,
  type SessionOptions,
} from "./session";
import { refusedSignInCode, SECOND_FACTOR_REQUIRED_CODE, type SignInGuard } from "./sign-in-guard";
import type { SecondFactor } from "./two-factor";

declare module "next-auth" {
  interface User {
    /**
     * The second factor this sign-in passed, if any — a code after the password,
     * or a passkey (which counts as one, ADR 047): the `jwt` callback stamps `mfa` from it.
     */
    secondFactor?: SecondFactor | "passkey" | null;
  }
}

export interface AuthOptions extends SessionOptions {
  /** The data layer, opened on first use (the app migrates before it answers). */
  data: () => Promise<DataLayer>;
  /** GitHub sign-in, only when both are set. */
  github?: OAuthClient | undefined;
  /** Google sign-in, only when both are set. */
  google?: OAuthClient | undefined;
  /** A company's OpenID Connect provider, discovered from its issuer; `name` labels its button. */
  oidc?: (OAuthClient & { issuer: string; name: string }) | undefined;
  /**
   * Tests only (AUTH_PROVIDER_TEST_ORIGIN, ADR 055): GitHub's and Google's sign-in talk to this origin, a
   * stand-in provider on this machine, instead of theirs. Settings allow it only on loopback.
   */
  providerTestOrigin?: string | undefined;
  /** The app's public origin (APP_URL): passkeys are for its host, and ceremonies must come from it (ADR 047). */
  appUrl: string;
  /** Around every password or passkey check of a sign-in (the rate limits, @trellis/server); none: checked unguarded. */
  signInGuard?: SignInGuard | undefined;
  /** Where Auth.js's own messages go: the app's logger (tests: a silent one). */
  log: AuthLog;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

/** A provider a person can sign in through, as the sign-in and settings pages list it. */
export interface SignInProvider {
  id: OAuthProvider;
  /** "GitHub", "Google", or AUTH_OIDC_NAME. */
  name: string;
}

/** The providers these options switch on, in the order their buttons appear. */
export function signInProviders(options: Pick<AuthOptions, "github" | "google" | "oidc">): SignInProvider[] {
  return [
    ...(options.github ? [{ id: "github" as const, name: "GitHub" }] : []),
    ...(options.google ? [{ id: "google" as const, name: "Google" }] : []),
    ...(options.oidc ? [{ id: "oidc" as const, name: options.oidc.name }] : []),
  ];
}

/** The part of a pino logger Auth.js's messages need: details first, then the message. */
export interface AuthLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * The guard refused a sign-in before its password was checked. Auth.js
 * answers it as any refused sign-in, `error=CredentialsSignin`, with the wait
 * in `code` (./sign-in-guard.ts), which the route turns into a 429.
 */
class SignInRefused extends CredentialsSignin {
  constructor(retryAfterSeconds: number) {
    super();
    this.code = refusedSignInCode(retryAfterSeconds);
  }
}

/**
 * The password was right, but the account has two-factor on and no code came
 * with it: `code=second-factor-required`, which the sign-in page turns into
 * its second step (ADR 046).
 */
class SecondFactorRequired extends CredentialsSignin {
  override code = SECOND_FACTOR_REQUIRED_CODE;
}

export function createAuth(options: AuthOptions) {
  const { handlers: nextAuthHandlers, signIn } = NextAuth({
    secret: options.secret,
    // Behind a proxy or on a bare `next start`, the Host header is the origin.
    trustHost: true,
    useSecureCookies: options.secureCookies,
    // Credentials sign-in requires JWT sessions; revocation is the session version
    // (all of a user's sessions) and the revoked-session list (one), see ./session.ts.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    // Auth.js would print to the console, a stack for every wrong password: its messages go to the app's log instead.
    logger: {
      error: (error) => logAuthError(options.log, error),
      warn: (code) => options.log.warn({ auth: code }, `Auth.js warning: ${code}`),
    },
    providers: [
      Credentials({
        credentials: { email: {}, password: {}, code: {} },
        async authorize(raw, request) {
          const input = signInInput.safeParse(raw);
          if (!input.success) return null;
          // A wrong code is a failed guess exactly like a wrong password: both are null, under the same guard.
          const check = async () => checkSignIn(await options.data(), input.data);
          const guarded = options.signInGuard
            ? await options.signInGuard.guard({ email: input.data.email, request }, check, {
                settled: signInSettled,
                secondFactorPresented: Boolean(input.data.code),
                secondFactorWrong: signInWrongSecondFactor,
              })
            : { refused: false as const, result: await check() };
          if (guarded.refused) throw new SignInRefused(guarded.retryAfterSeconds);
          const outcome = guarded.result;
          if (!outcome || "wrongSecondFactor" in outcome) return null;
          if ("secondFactorRequired" in outcome) throw new SecondFactorRequired();
          const { user, secondFactor } = outcome;
          return { id: user.id, name: user.name, email: user.email, secondFactor };
        },
      }),
      // A passkey instead of a password (ADR 047): the browser's signed answer to a challenge from
      // passkey.signInOptions. Refused like a wrong password, and counted like one, per address.
      Credentials({
        id: "passkey",
        name: "Passkey",
        credentials: { response: {} },
        async authorize(raw, request) {
          const input = passkeySignInInput.safeParse(raw);
          if (!input.success) return null;
          const check = async () => {
            const verified = await verifyPasskeySignIn(
              await options.data(),
              relyingParty(options.appUrl),
              input.data.response,
            );
            if (!isPasskeyRefusal(verified)) return verified;
            options.log.info({ auth: "passkey", reason: verified.reason }, "Passkey sign-in refused");
            return null;
          };
          const guarded = options.signInGuard
            ? await options.signInGuard.guard({ email: null, request }, check)
            : { refused: false as const, result: await check() };
          if (guarded.refused) throw new SignInRefused(guarded.retryAfterSeconds);
          const user = guarded.result;
          // A passkey proves possession and, mostly, the person (user verification): it counts as two factors.
          return user && { id: user.id, name: user.name, email: user.email, secondFactor: "passkey" };
        },
      }),
      ...oauthProviders(options),
    ],
    callbacks: {
      // A callbackUrl is followed only while it stays on this site (./same-origin.ts).
      redirect: redirectWithinSite,
      // A provider's sign-in follows the linking rule (./oauth.ts, ADR 052): a user it resolves to, a link the
      // signed-in user asked for (back to Settings, the session unchanged), or a refusal on the sign-in page.
      // Refused here, before any session exists.
      async signIn({ account, profile }) {
        if (!account || !isOAuthProvider(account.provider)) return true;
        const provider = account.provider;
        const identity = identityFromOpenIdClaims(provider, account.providerAccountId, { ...profile });
        const data = await options.data();
        let outcome = undefined as OAuthSignIn | undefined;
        const resolve = async () => {
          outcome = await resolveOAuthSignIn(data, identity, await connectingUser(data, provider));
          // A refusal on the sign-in page is a failed sign-in; one back to Settings is the signed-in user's.
          return "user" in outcome || !outcome.redirect.startsWith("/sign-in") ? outcome : null;
        };
        // The sign-in limits per address (ADR 027) count a refused provider sign-in as a failed one.
        const request = new Request("http://callback.local/", { headers: new Headers(await headers()) });
        const guarded = options.signInGuard
          ? await options.signInGuard.guard({ email: null, request }, resolve)
          : { refused: false as const, result: await resolve() };
        if (guarded.refused || !outcome) return "/sign-in?error=provider-rate-limited";
        if ("redirect" in outcome) {
          options.log.info({ auth: provider, outcome: outcome.redirect }, "Provider sign-in not signed in");
          return outcome.redirect;
        }
        return true;
      },
      // Runs when a session is created: stamp the token with our user id, their
      // current session version, this session's own id and sign-in time, and
      // `mfa` when the sign-in passed a second factor (ADR 046).
      // On every later read (Auth.js's /api/auth/session) the session must still
      // live, as for any request (./session.ts): a signed-out copy of the cookie
      // gets null, and Auth.js clears it, rather than the user's name and email.
      async jwt({ token, user, account }) {
        const data = await options.data();
        if (!account) return (await liveSessionUser(data, token)) ? token : null;
        // A provider's identity was resolved (found, or created) by `signIn` just before.
        const signedIn = isOAuthProvider(account.provider)
          ? await data.accounts.oauthUser({ provider: account.provider, providerAccountId: account.providerAccountId })
          : user?.id
            ? await data.users.byId(user.id)
            : undefined;
        if (!signedIn) return null;
        return {
          ...token,
          sub: signedIn.id,
          name: signedIn.name,
          // Ours, not the provider's: what a provider reports (even an unverified address) never names the user.
          email: signedIn.email,
          sv: signedIn.sessionVersion,
          sid: crypto.randomUUID(),
          auth_time: Math.floor(Date.now() / 1000),
          // Signed in with a second factor (a passkey counts as one).
          ...(user?.secondFactor ? { mfa: true } : {}),
        };
      },
    },
    events: {
      // Signing out clears the cookie; this makes a copy of it kept elsewhere worthless too.
      async signOut(message) {
        if ("token" in message && message.token) await revokeSession(await options.data(), message.token);
      },
    },
  });

  /**
   * The user's connect intent (cookie) for the callback to find, read inside `signIn`: only while the
   * same user is still signed in in this browser, at the session version the intent was made at (one
   * left behind after signing out links no one else's account).
   */
  async function connectingUser(data: DataLayer, provider: OAuthProvider): Promise<string | null> {
    const jar = await cookies();
    const value = jar.get(CONNECT_INTENT_COOKIE)?.value;
    if (value === undefined) return null;
    jar.delete(CONNECT_INTENT_COOKIE);
    const intent = readConnectIntent(options.secret, value, provider);
    if (!intent) return null;
    const { viewer } = await authenticateRequest(data, new Headers(await headers()), options);
    if (viewer?.via !== "session" || viewer.id !== intent.userId) return null;
    const user = await data.users.byId(intent.userId);
    return user && user.sessionVersion === intent.sessionVersion ? user.id : null;
  }

  /**
   * Auth.js sees each request at the origin the browser addressed, not Next's own (./requested-origin.ts).
   * A plain Request, not a NextRequest: that one rewrites a loopback address (127.0.0.1, [::1]) in its URL
   * to "localhost", another host for the browser's cookies. Auth.js reads only `url`, headers and body;
   * next-auth would read `nextUrl` only with AUTH_URL set, which this app does not use (APP_URL is its name).
   */
  const asAddressed = (request: NextRequest) =>
    new Request(atRequestedOrigin(request.headers, request.url), request) as NextRequest;
  const handlers = {
    GET(request: NextRequest) {
      return nextAuthHandlers.GET(asAddressed(request));
    },
    POST(request: NextRequest) {
      return nextAuthHandlers.POST(asAddressed(request));
    },
  };

  return {
    /** GET and POST for `app/api/auth/[...nextauth]/route.ts`. */
    handlers,
    /**
     * Settings → "Connect <provider>": marks the flow as the signed-in user's (a signed cookie, ten
     * minutes) and starts the provider's sign-in, whose callback then links to that user. Returns the
     * provider's authorization URL to send the browser to. Call from a route handler.
     */
    async connect(provider: OAuthProvider, user: { id: string; sessionVersion: number }): Promise<string> {
      const jar = await cookies();
      jar.set(
        CONNECT_INTENT_COOKIE,
        connectIntentValue(options.secret, { userId: user.id, sessionVersion: user.sessionVersion, provider }),
        {
          httpOnly: true,
          sameSite: "lax",
          secure: options.secureCookies,
          path: "/api/auth",
          maxAge: CONNECT_INTENT_TTL_SECONDS,
        },
      );
      return signIn(provider, { redirect: false, redirectTo: "/settings" });
    },
    /** The sign-in page's button for `provider`: its authorization URL, coming back to `redirectTo` (a path here). */
    signInWith(provider: OAuthProvider, redirectTo: string): Promise<string> {
      return signIn(provider, { redirect: false, redirectTo });
    },
    /** The providers switched on, for the sign-in page's buttons and Settings' list. */
    providers: signInProviders(options),
  };
}

const OAUTH_PROVIDERS: readonly string[] = ["github", "google", "oidc"] satisfies OAuthProvider[];
/** Whether `id` names a provider other than the password (switched on or not). */
export const isOAuthProvider = (id: string): id is OAuthProvider => OAUTH_PROVIDERS.includes(id);

/**
 * The OAuth providers the options switch on. Each checks `state` and PKCE on its callback (a
 * tampered or replayed callback is refused), and reports whether the email is verified.
 */
function oauthProviders(options: AuthOptions) {
  const checks: ("pkce" | "state")[] = ["pkce", "state"];
  const github = githubEndpoints(options.providerTestOrigin);
  return [
    ...(options.github
      ? [
          GitHub({
            ...options.github,
            checks,
            issuer: github.issuer,
            authorization: { url: github.authorization, params: { scope: "read:user user:email" } },
            token: github.token,
            // GitHub's profile names a public email, verified or not: the linking rule reads the
            // verified primary one from its emails API instead (./oauth.ts).
            userinfo: {
              url: github.profile,
              async request({ tokens }: { tokens: { access_token?: string } }) {
                const headers = { Authorization: `Bearer ${tokens.access_token}`, "User-Agent": "trellis" };
                const profile = await (await fetch(github.profile, { headers })).json();
                const emails = await fetch(github.emails, { headers });
                return githubProfileWithVerifiedEmail(
                  profile,
                  emails.ok ? ((await emails.json()) as GitHubEmail[]) : null,
                );
              },
            },
          }),
        ]
      : []),
    // Google's endpoints and keys are discovered from its issuer; a stand-in's issuer is its origin, and
    // the ID token's `iss` must name it (checked as for any OpenID provider).
    ...(options.google
      ? [
          Google({
            ...options.google,
            checks,
            ...(options.providerTestOrigin ? { issuer: options.providerTestOrigin } : {}),
          }),
        ]
      : []),
    ...(options.oidc
      ? [
          {
            id: "oidc",
            name: options.oidc.name,
            type: "oidc",
            // Endpoints and keys come from {issuer}/.well-known/openid-configuration.
            issuer: options.oidc.issuer,
            clientId: options.oidc.clientId,
            clientSecret: options.oidc.clientSecret,
            checks,
            authorization: { params: { scope: "openid email profile" } },
          } satisfies OIDCConfig<Record<string, unknown>>,
        ]
      : []),
  ];
}

/**
 * Where GitHub sign-in goes: github.com and api.github.com, or the same paths on a test's stand-in origin,
 * which is also the issuer of any ID token its token endpoint returns (an OAuth server's tokens name it).
 */
export function githubEndpoints(standInOrigin?: string) {
  const web = standInOrigin ?? "https://github.com";
  const api = standInOrigin ?? "https://api.github.com";
  return {
    issuer: standInOrigin ?? "https://github.com/login/oauth",
    authorization: `${web}/login/oauth/authorize`,
    token: `${web}/login/oauth/access_token`,
    profile: `${api}/user`,
    emails: `${api}/user/emails`,
  };
}

export type Auth = ReturnType<typeof createAuth>;

/** What a client got wrong, not a fault of ours: one line, no stack (a stack is for what we must fix). */
const CLIENT_ERRORS = new Set(["MissingCSRF", "UnknownAction", "InvalidCallbackUrl", "InvalidCheck", "UntrustedHost"]);

/**
 * A wrong password and a guarded refusal (a 429) are answers, not faults: one
 * line, no stack; the limits count the failures. A client's mistake is one
 * warning. Anything else is an error with its stack, and Auth.js's details.
 */
function logAuthError(log: AuthLog, error: Error): void {
  const type = error instanceof AuthError ? error.type : error.name;
  if (error instanceof CredentialsSignin) {
    log.info({ auth: type, code: error.code }, "Auth.js: sign-in refused");
    return;
  }
  if (CLIENT_ERRORS.has(type)) {
    log.warn({ auth: type }, `Auth.js refused the request: ${error.message.split("\n")[0]}`);
    return;
  }
  const cause: unknown = error.cause;
  if (cause && typeof cause === "object" && "err" in cause && cause.err instanceof Error) {
    const { err, ...details } = cause;
    log.error({ auth: type, err, details }, `Auth.js: ${error.message}`);
  } else {
    log.error({ auth: type, err: error }, `Auth.js: ${error.message}`);
  }
}

export { CONNECT_OUTCOMES, connectOutcomeMessage, OAUTH_REFUSALS, oauthRefusalMessage } from "./oauth";
