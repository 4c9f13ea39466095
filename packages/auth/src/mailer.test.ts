import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { readMailbox } from "./mailbox";
import { createMailer } from "./mailer";

const dir = mkdtempSync(join(tmpdir(), "trellis-mailbox-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the dev mailbox", () => {
  it("writes each message as an .eml file instead of sending it", async () => {
    const mailer = createMailer({ mailboxDir: join(dir, "mailbox") });
    await mailer.send({ to: "ada@example.com", subject: "Hello", text: "Open https://trellis.test/x?token=abc" });

    const files = readdirSync(join(dir, "mailbox"));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(dir, "mailbox", files[0] ?? ""), "utf8");
    expect(eml).toContain("To: ada@example.com");
    expect(eml).toContain("Subject: Hello");
    expect(eml).toContain("https://trellis.test/x?token=abc");
  });
});

describe("reading the dev mailbox", () => {
  it("gives back exactly the text sent, long links and non-ASCII included", async () => {
    const mailbox = join(dir, "long");
    const mailer = createMailer({ mailboxDir: mailbox });
    const link = `https://trellis.example.com/reset-password?token=${"A".repeat(43)}`;
    const text = `Héllo — open this link within 30 minutes (100% safe):\n\n${link}\n`;
    await mailer.send({ to: "zoë@example.com", subject: "Reset", text });

    const [entry] = readMailbox(mailbox);
    expect(entry).toMatchObject({ to: "zoë@example.com", subject: "Reset" });
    expect(entry?.text.trim()).toBe(text.trim());
  });
});
