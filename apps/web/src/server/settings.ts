import { join } from "node:path";

import { createMailer, type Mailer, resolveAuthSecret } from "@trellis/auth";
import { appRoot } from "@trellis/db";
import { settings } from "@trellis/validators/settings";

/*
 * The app's settings and process-wide services that both Next's code and the
 * production server (../../server.ts) use. No "server-only" here: that guard
 * throws when plain Node imports it, and the production server is plain Node.
 * Nothing here can reach a browser bundle anyway (it needs node:fs).
 */

const globalForSettings = globalThis as typeof globalThis & { trellisMailer?: Mailer; trellisAuthSecret?: string };

/** The key that signs session cookies: AUTH_SECRET, required in production (dev: generated once into data/). */
export function authSecret(): string {
  globalForSettings.trellisAuthSecret ??= resolveAuthSecret({
    settings: settings(),
    devSecretFile: join(appRoot(), "data", "auth-secret"),
  });
  return globalForSettings.trellisAuthSecret;
}

/** Production cookies are __Secure- and HTTPS-only; `next dev` serves plain HTTP. */
export const secureCookies = () => settings().nodeEnv === "production";

/** SMTP when SMTP_URL is set, else .eml files in MAILBOX_DIR (default data/mailbox). */
export function getMailer(): Mailer {
  globalForSettings.trellisMailer ??= createMailer({
    smtpUrl: settings().smtpUrl,
    mailboxDir: settings().mailboxDir ?? join(appRoot(), "data", "mailbox"),
  });
  return globalForSettings.trellisMailer;
}

/**
 * The origin for links in emails. Configured, never taken from the request's
 * Host header, which a client controls (a reset link must not point elsewhere).
 */
export function appUrl(): string {
  return settings().appUrl ?? `http://localhost:${settings().port}`;
}
