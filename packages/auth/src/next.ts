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
import { redirectWithinSite } from "./same-origin";
import { type Authentication, authenticateRequest, type SessionOptions } from "./session";

export interface AuthOptions extends SessionOptions {
  /** The data layer, opened on first use (the app migrates before it answers). */
  data: () => Promise<DataLayer>;
  /** GitHub sign-in, only when both are set. */
  github?: { clientId: string; clientSecret: string } | undefined;
}

const THIRTY_DAYS = 30 * 24 * 60 * 60;

export function createAuth(options: AuthOptions) {
  const { handlers } = NextAuth({
    secret: options.secret,
    // Behind a proxy or on a bare `next start`, the Host header is the origin.
    trustHost: true,
    useSecureCookies: options.secureCookies,
    // Credentials sign-in requires JWT sessions; revocation is the session version (see ./session.ts).
    session: { strategy: "jwt", maxAge: THIRTY_DAYS },
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
      // A callbackUrl is followed only while it stays on this site (./same-origin.ts).
      redirect: redirectWithinSite,
      // Runs when a session is created (and on every session read): stamp the
      // token with our user id and their current session version.
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
        return { ...token, sub: signedIn.id, name: signedIn.name, sv: signedIn.sessionVersion };
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
