/**
 * Auth.js (next-auth v5) behind a small interface: the app mounts its route
 * handlers for sign-in and sign-out, and authenticates each request with
 * `authenticateRequest` (./session.ts: an API token, or the session cookie
 * Auth.js issued). Nothing else imports next-auth, so replacing Auth.js
 * touches only this package (docs/decisions/014).
 */
import type { DataLayer } from "@trellis/db";
import { signInInput } from "@trellis/validators";
import { passkeySignInInput } from "@trellis/validators/passkey";
import NextAuth, { AuthError, CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";

import { checkSignIn, signInSettled, signInWrongSecondFactor } from "./credentials";
import { isPasskeyRefusal, relyingParty, verifyPasskeySignIn } from "./passkeys";
import { redirectWithinSite } from "./same-origin";
import { liveSessionUser, revokeSession, SESSION_MAX_AGE_SECONDS, type SessionOptions } from "./session";
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
  github?: { clientId: string; clientSecret: string } | undefined;
  /** The app's public origin (APP_URL): passkeys are for its host, and ceremonies must come from it (ADR 047). */
  appUrl: string;
  /** Around every password or passkey check of a sign-in (the rate limits, @trellis/server); none: checked unguarded. */
  signInGuard?: SignInGuard | undefined;
  /** Where Auth.js's own messages go: the app's logger (tests: a silent one). */
  log: AuthLog;
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
  const { handlers } = NextAuth({
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
      ...(options.github ? [GitHub(options.github)] : []),
    ],
    callbacks: {
      // A callbackUrl is followed only while it stays on this site (./same-origin.ts).
      redirect: redirectWithinSite,
      // GitHub proves the GitHub account, not a second factor: a user with two-factor on signs in with
      // password and code, or a passkey (ADR 046). Refused here, before any session exists.
      async signIn({ account, profile }) {
        if (account?.provider !== "github" || !profile?.email) return true;
        const refusal = await githubSignInRefusal(await options.data(), {
          providerAccountId: account.providerAccountId,
          email: profile.email,
          name: profile.name ?? profile.email,
        });
        return refusal ?? true;
      },
      // Runs when a session is created: stamp the token with our user id, their
      // current session version, this session's own id and sign-in time, and
      // `mfa` when the sign-in passed a second factor (ADR 046).
      // On every later read (Auth.js's /api/auth/session) the session must still
      // live, as for any request (./session.ts): a signed-out copy of the cookie
      // gets null, and Auth.js clears it, rather than the user's name and email.
      async jwt({ token, user, account, profile }) {
        const data = await options.data();
        if (!account) return (await liveSessionUser(data, token)) ? token : null;
        const signedIn =
          account.provider === "github" && profile?.email
            ? await data.accounts.linkOAuth({
                provider: "github",
                providerAccountId: account.providerAccountId,
                email: profile.email.toLowerCase(),
                name: profile.name ?? profile.email,
              })
            : user?.id
              ? await data.users.byId(user.id)
              : undefined;
        if (!signedIn) return null;
        return {
          ...token,
          sub: signedIn.id,
          name: signedIn.name,
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

  return {
    /** GET and POST for `app/api/auth/[...nextauth]/route.ts`. */
    handlers,
  };
}

export type Auth = ReturnType<typeof createAuth>;

/** The sign-in page's `error` when a GitHub sign-in was refused for an account with two-factor on. */
export const GITHUB_TWO_FACTOR_ERROR = "github-two-factor";
/** What the sign-in page says for it. */
export const GITHUB_TWO_FACTOR_MESSAGE =
  "Your account has two-factor sign-in on: sign in with your password and code, or with a passkey.";

/**
 * Where a GitHub sign-in is sent instead of signing in, or null to let it
 * through: refused when the account it resolves to (the same linkOAuth the
 * session is made from, which links it) has two-factor on, since GitHub
 * vouches for neither the password nor the code (ADR 046).
 */
export async function githubSignInRefusal(
  data: DataLayer,
  profile: { providerAccountId: string; email: string; name: string },
): Promise<string | null> {
  const user = await data.accounts.linkOAuth({
    provider: "github",
    providerAccountId: profile.providerAccountId,
    email: profile.email.toLowerCase(),
    name: profile.name,
  });
  if (!(await data.twoFactor.status(user.id)).enabled) return null;
  return `/sign-in?error=${GITHUB_TWO_FACTOR_ERROR}`;
}

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
