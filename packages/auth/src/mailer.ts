import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import type { Transporter } from "nodemailer";

type Nodemailer = typeof import("nodemailer");

export interface Email {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(email: Email): Promise<void>;
  /** Where a person can read what was sent: "smtp", the dev mailbox folder, or "nowhere" (not sent). */
  readonly destination: string;
}

const FROM = "Trellis <no-reply@trellis.dev>";

/**
 * A nodemailer transport, made on the first email: nodemailer is loaded then, not when the server
 * starts: most starts send no email, and loading it was a measurable part of one (docs/decisions/040).
 */
function lazyTransport<Info>(create: (nodemailer: Nodemailer) => Transporter<Info>): () => Promise<Transporter<Info>> {
  let transport: Promise<Transporter<Info>> | undefined;
  return () => {
    transport ??= import("nodemailer").then(
      ({ default: nodemailer }) => create(nodemailer),
      (error: unknown) => {
        // Not kept: the next email tries again, rather than every email failing until a restart.
        transport = undefined;
        throw error;
      },
    );
    return transport;
  };
}

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise a dev mailbox: each
 * message becomes an .eml file in `mailboxDir`, readable at /dev/mailbox in
 * development and by the e2e tests. Nothing is ever sent by accident.
 */
export function createMailer(options: { smtpUrl?: string | undefined; mailboxDir: string }): Mailer {
  const { smtpUrl } = options;
  if (smtpUrl) {
    const transport = lazyTransport((nodemailer) => nodemailer.createTransport(smtpUrl));
    return {
      destination: "smtp",
      send: async (email) => {
        await (await transport()).sendMail({ from: FROM, ...email });
      },
    };
  }

  const dir = options.mailboxDir;
  // nodemailer still builds the message, so the .eml is exactly what SMTP would carry.
  const transport = lazyTransport((nodemailer) =>
    nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }),
  );
  return {
    destination: dir,
    send: async (email) => {
      const { message } = await (await transport()).sendMail({ from: FROM, ...email });
      if (!Buffer.isBuffer(message)) throw new Error("nodemailer returned a stream despite buffer: true");
      mkdirSync(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${crypto.randomUUID().slice(0, 8)}.eml`;
      writeFileSync(join(dir, name), message);
    },
  };
}

/**
 * Sends nothing: a production server with no SMTP_URL (and no MAILBOX_DIR
 * asked for) has nowhere to deliver to, and the dev mailbox is not a way to
 * deliver mail. `onUnsent` says so, without the message's text (a reset link
 * is a credential).
 */
export function createUnsentMailer(onUnsent: (email: Email) => void): Mailer {
  return {
    destination: "nowhere",
    send: async (email) => onUnsent(email),
  };
}

/** For tests: keeps what it was asked to send. */
export function createMemoryMailer(): Mailer & { sent: Email[] } {
  const sent: Email[] = [];
  return {
    sent,
    destination: "memory",
    send: async (email) => {
      sent.push(email);
    },
  };
}
