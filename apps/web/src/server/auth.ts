import "server-only";

import { join } from "node:path";

import { createMailer, type Mailer, resolveAuthSecret } from "@trellis/auth";
import { type Auth, createAuth } from "@trellis/auth/next";
import { workspaceRoot } from "@trellis/db";

import { getDatabase } from "./db";

// One instance per process, surviving Next dev's module reloads.
const globalForAuth = globalThis as typeof globalThis & { trellisAuth?: Auth; trellisMailer?: Mailer };

export function getAuth(): Auth {
  globalForAuth.trellisAuth ??= createAuth({
    data: async () => (await getDatabase()).data,
    secret: resolveAuthSecret({ env: process.env, devSecretFile: join(workspaceRoot(), "data", "auth-secret") }),
    // Production cookies are __Secure- and HTTPS-only; `next dev` serves plain HTTP.
    secureCookies: process.env.NODE_ENV === "production",
    github:
      process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET
        ? { clientId: process.env.AUTH_GITHUB_ID, clientSecret: process.env.AUTH_GITHUB_SECRET }
        : undefined,
  });
  return globalForAuth.trellisAuth;
}

/** SMTP when SMTP_URL is set, else .eml files in MAILBOX_DIR (default data/mailbox). */
export function getMailer(): Mailer {
  globalForAuth.trellisMailer ??= createMailer({
    smtpUrl: process.env.SMTP_URL,
    mailboxDir: process.env.MAILBOX_DIR || join(workspaceRoot(), "data", "mailbox"),
  });
  return globalForAuth.trellisMailer;
}

/**
 * The origin for links in emails. Configured, never taken from the request's
 * Host header, which a client controls (a reset link must not point elsewhere).
 */
export function appUrl(): string {
  return process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`;
}
