import { settings } from "@trellis/validators/settings";
import "server-only";

import { type Auth, createAuth } from "@trellis/auth/next";
import { logger } from "@trellis/server/log";
import { signInGuard } from "@trellis/server/rate-limit";

import { clientIpFromHeaders } from "./client-ip";
import { getDatabase } from "./db";
import { getRateLimits } from "./rate-limits";
import { appUrl, authSecret, secureCookies } from "./settings";

// One instance per process, surviving Next dev's module reloads.
const globalForAuth = globalThis as typeof globalThis & { trellisAuth?: Auth };

/** Auth.js: sign-in, sign-out and its callbacks (app/api/auth). Requests are authenticated in ./request-context.ts. */
export function getAuth(): Auth {
  globalForAuth.trellisAuth ??= createAuth({
    data: async () => (await getDatabase()).data,
    secret: authSecret(),
    secureCookies: secureCookies(),
    appUrl: appUrl(),
    // Sign-in failures are counted on the very email Auth.js checks (ADR 027).
    signInGuard: signInGuard({ rateLimits: getRateLimits, clientIp: clientIpFromHeaders }),
    github: settings().github,
    google: settings().google,
    oidc: settings().oidc,
    providerTestOrigin: settings().providerTestOrigin,
    log: logger(),
  });
  return globalForAuth.trellisAuth;
}
