import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import type { Email } from "./mailer";

export interface MailboxEntry extends Email {
  file: string;
}

/**
 * The dev mailbox's messages, newest first, decoded for reading: used by the
 * /dev/mailbox page and the e2e tests. It reads the single-part text messages
 * this app writes, not arbitrary email.
 */
export function readMailbox(dir: string, limit = 50): MailboxEntry[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith(".eml"));
  } catch {
    return [];
  }
  return files
    .sort()
    .reverse()
    .slice(0, limit)
    .map((file) => ({ file, ...parseEml(readFileSync(join(dir, file), "utf8")) }));
}

export function parseEml(eml: string): Email {
  const split = eml.search(/\r?\n\r?\n/);
  const head = eml.slice(0, split).replace(/\r?\n[ \t]+/g, " ");
  const body = eml.slice(split).replace(/^\r?\n\r?\n/, "");
  const header = (name: string) => head.match(new RegExp(`^${name}: (.*)$`, "im"))?.[1]?.trim() ?? "";
  return { to: header("To"), subject: header("Subject"), text: decodeBody(body, header("Content-Transfer-Encoding")) };
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case "quoted-printable": {
      const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
      // Escape a literal % first so decodeURIComponent only decodes what =XX produced.
      return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, "%25"));
    }
    case "base64":
      return Buffer.from(body, "base64").toString("utf8");
    default:
      return body;
  }
}
