import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createLogger } from "@trellis/server/log";
import { parseSettings } from "@trellis/validators/settings";
import { afterAll, describe, expect, it } from "vitest";

import { mailerFor, warnIfProvidersAreStandIns } from "./settings";

const scratch = mkdtempSync(join(tmpdir(), "trellis-mailer-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const production = { NODE_ENV: "production", AUTH_SECRET: "k".repeat(43) };
const email = {
  to: "ada@example.com",
  subject: "Reset your password",
  text: "https://trellis.example/reset?token=secret",
};

function recordingLog() {
  const lines: { level: number; msg: string; subject?: string }[] = [];
  const log = createLogger({ level: "info", destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  return { log, lines };
}

describe("mailerFor: where emails go", () => {
  it("in production without SMTP_URL or MAILBOX_DIR, nowhere: each email is a warning without its text or address", async () => {
    const { log, lines } = recordingLog();
    const mailer = mailerFor(parseSettings(production), log);
    expect(mailer.destination).toBe("nowhere");
    await mailer.send(email);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        subject: email.subject,
        msg: expect.stringContaining("SMTP_URL is not set"),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/token=secret|ada@example\.com/);
  });

  it("in production with MAILBOX_DIR (the e2e servers), into that folder, as asked", async () => {
    const dir = join(scratch, "asked");
    const mailer = mailerFor(parseSettings({ ...production, MAILBOX_DIR: dir }));
    expect(mailer.destination).toBe(dir);
    await mailer.send(email);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it("with SMTP_URL, through SMTP in any environment", () => {
    expect(mailerFor(parseSettings({ ...production, SMTP_URL: "smtp://127.0.0.1:2525" })).destination).toBe("smtp");
  });

  it("in development and tests, the dev mailbox under data/ by default", () => {
    for (const NODE_ENV of ["development", "test"]) {
      expect(mailerFor(parseSettings({ NODE_ENV })).destination).toMatch(/data[/\\]mailbox$/);
    }
  });
});

describe("warnIfProvidersAreStandIns", () => {
  it("warns, naming the origin, when GitHub and Google sign-in go to a test's stand-in, and says nothing otherwise", () => {
    const { log, lines } = recordingLog();
    warnIfProvidersAreStandIns(parseSettings(production), log);
    expect(lines).toEqual([]);
    warnIfProvidersAreStandIns(
      parseSettings({
        ...production,
        APP_URL: "http://127.0.0.1:41234",
        AUTH_PROVIDER_TEST_ORIGIN: "http://127.0.0.1:9000",
      }),
      log,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe(40);
    expect(lines[0]?.msg).toContain(
      "AUTH_PROVIDER_TEST_ORIGIN is set: GitHub and Google sign-in go to http://127.0.0.1:9000",
    );
  });
});
