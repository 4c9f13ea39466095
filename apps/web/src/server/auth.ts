import "server-only";

import { type Auth, createAuth } from "@trellis/auth/next";

import { getDatabase } from "./db";
import { authSecret, secureCookies } from "./settings";

// One instance per process, surviving Next dev's module reloads.
const globalForAuth = globalThis as typeof globalThis & { trellisAuth?: Auth };

/** Auth.js: sign-in, sign-out and its callbacks (app/api/auth). Requests are authenticated in ./request-context.ts. */
export function getAuth(): Auth {
  globalForAuth.trellisAuth ??= createAuth({
    data: async () => (await getDatabase()).data,
    secret: authSecret(),
    secureCookies: secureCookies(),
    github:
      process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET
        ? { clientId: process.env.AUTH_GITHUB_ID, clientSecret: process.env.AUTH_GITHUB_SECRET }
        : undefined,
  });
  return globalForAuth.trellisAuth;
}
