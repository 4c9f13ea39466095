import { join } from "node:path";
import { createMailer, createUnsentMailer, type Mailer, resolveAuthSecret } from "@trellis/auth";
import { appRoot } from "@trellis/db";
import { type Logger, logger } from "@trellis/server/log";
import { type Settings, settings } from "@trellis/validators/settings";

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

/**
 * SMTP when SMTP_URL is set; else .eml files in MAILBOX_DIR, which defaults to
 * data/mailbox only in development and tests. A production server without
 * either sends nothing, and says so at start and for each email: a dev
 * mailbox on a production disk would hold reset links no one reads.
 */
export function mailerFor(config: Settings, log: Logger = logger()): Mailer {
  const developing = config.nodeEnv === "development" || config.nodeEnv === "test";
  if (!config.smtpUrl && !config.mailboxDir && !developing) {
    return createUnsentMailer((email) =>
      log.warn({ subject: email.subject }, "An email was not sent: SMTP_URL is not set (docs/deploy.md)"),
    );
  }
  return createMailer({ smtpUrl: config.smtpUrl, mailboxDir: config.mailboxDir ?? join(appRoot(), "data", "mailbox") });
}

export function getMailer(): Mailer {
  globalForSettings.trellisMailer ??= mailerFor(settings());
  return globalForSettings.trellisMailer;
}

/** Said once at start: a production server that sends no email cannot deliver password resets. */
export function warnIfEmailIsNotSent(log: Logger = logger()): void {
  if (getMailer().destination === "nowhere") {
    log.warn("SMTP_URL is not set: this server sends no email (password resets, digests). docs/deploy.md says how.");
  }
}

/**
 * Said once at start, loudly: with AUTH_PROVIDER_TEST_ORIGIN, "Sign in with GitHub" and "Sign in with Google"
 * trust whatever answers there, not GitHub or Google (ADR 055). Meant for the e2e servers only.
 */
export function warnIfProvidersAreStandIns(config: Settings = settings(), log: Logger = logger()): void {
  if (!config.providerTestOrigin) return;
  log.warn(
    { providerTestOrigin: config.providerTestOrigin },
    `AUTH_PROVIDER_TEST_ORIGIN is set: GitHub and Google sign-in go to ${config.providerTestOrigin}, a test's stand-in, not to GitHub or Google. Never set it outside tests (docs/auth.md).`,
  );
}

/**
 * The origin for links in emails. Configured, never taken from the request's
 * Host header, which a client controls (a reset link must not point elsewhere).
 */
export function appUrl(): string {
  return settings().appUrl ?? `http://localhost:${settings().port}`;
}
