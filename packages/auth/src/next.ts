/**
 * Auth.js (next-auth v5) behind a small interface: the rest of Trellis calls
 * `authenticate(headers)` and the route handlers, and never imports next-auth, so
 * replacing Auth.js touches only this package (docs/decisions/014).
 */
import type { DataLayer } from "@trellis/db";
import { signInInput } from "@trellis/validators";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";

import { checkCredentials } from "./credentials";
import {
  type Authentication,
  authenticateRequest,
  revokeSession,
  SESSION_MAX_AGE_SECONDS,
  type SessionOptions,
} from "./session";

export interface AuthOptions extends SessionOptions {
  /** The data layer, opened on first use (the app migrates before it answers). */
  data: () => Promise<DataLayer>;
  /** GitHub sign-in, only when both are set. */
  github?: { clientId: string; clientSecret: string } | undefined;
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
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(raw) {
          const input = signInInput.safeParse(raw);
          if (!input.success) return null;
          const user = await checkCredentials(await options.data(), input.data);
          return user && { id: user.id, name: user.name, email: user.email };
        },
      }),
      ...(options.github ? [GitHub(options.github)] : []),
    ],
    callbacks: {
      // Runs when a session is created (and on every session read): stamp the
      // token with our user id, their current session version, and this
      // session's own id and sign-in time, kept as is when Auth.js re-issues it.
      async jwt({ token, user, account, profile }) {
        if (!account) return token;
        const data = await options.data();
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
    /** Who is asking: an API token, or the session cookie checked against the user's session version. */
    authenticate: async (headers: Headers): Promise<Authentication> =>
      authenticateRequest(await options.data(), headers, options),
  };
}

export type Auth = ReturnType<typeof createAuth>;
