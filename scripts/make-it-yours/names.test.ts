import { describe, expect, it } from "vitest";

// A relative path: this folder keeps its text through a rename, the scope's imports would not.
import { email } from "../../packages/validators/src/account";
import { type Names, namesFor, slugOf, tokenPrefixOf } from "./names";
import { rewrite, rewritesFor } from "./rewrites";

describe("pnpm rename's names", () => {
  it("derives the command and the token prefix from the app's name", () => {
    expect(namesFor("@acme", "Acme Notes")).toEqual({
      scope: "@acme",
      appName: "Acme Notes",
      bin: "acme-notes",
      tokenPrefix: "acm_",
    });
    expect(slugOf("Café & Co.")).toBe("cafe-co");
    expect(tokenPrefixOf("x-1")).toBe("xxx_");
  });

  it("takes a token prefix that is three letters and an underscore, and refuses any other", () => {
    expect(namesFor("@acme", "Acme Notes", "acn_").tokenPrefix).toBe("acn_");
    expect(() => namesFor("@acme", "Acme Notes", "acme_")).toThrow(/three lowercase letters/);
  });

  it("refuses a scope or a name that would not survive being written into code", () => {
    expect(() => namesFor("acme", "Acme")).toThrow(/npm scope/);
    expect(() => namesFor("@Acme", "Acme")).toThrow(/npm scope/);
    expect(() => namesFor("@acme", 'Acme "Notes"')).toThrow(/cannot be the app's name/);
    expect(() => namesFor("@acme", "42")).toThrow(/start with a letter/);
  });
});

/** The starter's names, written out: STARTER itself changes with each rename, these tests must not. */
const TRELLIS: Names = { scope: "@trellis", appName: "Trellis", bin: "trellis", tokenPrefix: "trl_" };
const ACME = namesFor("@acme", "Acme Notes");

/** `text` as `pnpm rename` rewrites it in `file`, from the names `from` to `to`. */
function renamed(text: string, from: Names, to: Names, file = "docs/example.md"): string {
  return rewrite(text, rewritesFor(from, to, file));
}

describe("pnpm rename's rewrites", () => {
  it("looks for the names the repository has now, so a second rename starts from the first one's", () => {
    const beta = namesFor("@beta", "Beta Board");
    const first = renamed('import { db } from "@trellis/db"; // Trellis, trl_abc, `trellis login`', TRELLIS, ACME);
    expect(first).toBe('import { db } from "@acme/db"; // Acme Notes, acm_abc, `acme-notes login`');
    expect(renamed(first, ACME, beta)).toBe(
      'import { db } from "@beta/db"; // Beta Board, bet_abc, `beta-board login`',
    );
    expect(renamed("Usage: acme-notes whoami", ACME, beta, "packages/client/src/cli.ts")).toBe(
      "Usage: beta-board whoami",
    );
  });

  it("matches the names literally: a dot in an app name is not any character", () => {
    const dotted = namesFor("@ab", "A.B");
    expect(renamed("A.B and AxB", dotted, ACME)).toBe("Acme Notes and AxB");
    expect(renamed("Café au lait, Cafés", namesFor("@cafe", "Café"), ACME)).toBe("Acme Notes au lait, Cafés");
  });

  it("keeps email addresses valid: the scope never lands in one, the domain becomes the command name", () => {
    const myCo = namesFor("@my_co", "My Co");
    const seeded = renamed('email: "ada@trellis.dev", from: "Trellis <no-reply@trellis.dev>"', TRELLIS, myCo);
    expect(seeded).toBe('email: "ada@my-co.dev", from: "My Co <no-reply@my-co.dev>"');
    expect(renamed("}@trellis.dev` and @trellis/db", TRELLIS, myCo)).toBe("}@my-co.dev` and @my_co/db");
    for (const address of ["ada@my-co.dev", "no-reply@my-co.dev"]) {
      expect(seeded).toContain(address);
      expect(email.safeParse(address).success).toBe(true);
    }
    expect(renamed("ada@acme-notes.dev", ACME, myCo)).toBe("ada@my-co.dev");
    // A template's tail, as the syntax tree hands it over: `${label}@trellis.test`.
    expect(renamed("}@trellis.test`", TRELLIS, myCo)).toBe("}@trellis.test`");
  });

  it("renames what a person or an operator sees, and the defaults two apps on one Redis would share", () => {
    const cases: [before: string, after: string][] = [
      [
        "const BEARER_CHALLENGE = 'Bearer realm=\"trellis\"';",
        "const BEARER_CHALLENGE = 'Bearer realm=\"acme-notes\"';",
      ],
      ['{"examples": ["Bearer realm=\\"trellis\\""]}', '{"examples": ["Bearer realm=\\"acme-notes\\""]}'],
      ['download="trellis-recovery-codes.txt"', 'download="acme-notes-recovery-codes.txt"'],
      [
        "`~/.config/trellis/`, %APPDATA%\\trellis on Windows",
        "`~/.config/acme-notes/`, %APPDATA%\\acme-notes on Windows",
      ],
      ['env.EVENTS_STREAM ?? "trellis:events",', 'env.EVENTS_STREAM ?? "acme-notes:events",'],
      ["Default: trellis:rate-limit.", "Default: acme-notes:rate-limit."],
      ['options.queueName ?? "trellis";', 'options.queueName ?? "acme-notes";'],
      ["# JOBS_QUEUE=trellis", "# JOBS_QUEUE=acme-notes"],
      ["queue `JOBS_QUEUE` (default `trellis`)", "queue `JOBS_QUEUE` (default `acme-notes`)"],
      ["npm install /path/to/trellis-client-0.1.0.tgz", "npm install /path/to/acme-client-0.1.0.tgz"],
      // Left as they are: in-process channel names, paths of the artifact, a variable.
      ['channel("trellis:events:delivered")', 'channel("trellis:events:delivered")'],
      ["node dist/trellis/server.mjs", "node dist/trellis/server.mjs"],
      ["const trellis = createTrellisClient({ url, token });", "const trellis = createTrellisClient({ url, token });"],
    ];
    for (const [before, after] of cases) expect(renamed(before, TRELLIS, ACME)).toBe(after);
    // In code the syntax tree hands over the string alone: where it is a default, it is renamed.
    expect(renamed('"trellis"', TRELLIS, ACME, "packages/jobs/src/bullmq-queue.ts")).toBe('"acme-notes"');
    expect(renamed('"trellis"', TRELLIS, ACME, "packages/validators/src/settings.ts")).toBe('"acme-notes"');
    expect(renamed('"trellis"', TRELLIS, ACME, "packages/auth/src/password-strength.ts")).toBe('"trellis"');
  });

  it("renames the CLI's command where it is written as one, in the files that show it", () => {
    const cli = (text: string, file: string) => renamed(text, TRELLIS, ACME, file);
    expect(cli("Usage: trellis login --url URL\n       trellis login --token T", "packages/client/src/cli.ts")).toBe(
      "Usage: acme-notes login --url URL\n       acme-notes login --token T",
    );
    expect(cli('"trellis"', "packages/client/src/config.ts")).toBe('"acme-notes"');
    // The text of `<code>trellis</code>`, as the syntax tree hands it over.
    expect(cli("trellis", "apps/web/src/components/api-tokens.tsx")).toBe("acme-notes");
    expect(cli("shell: `trellis posts watch`; | trellis login", "README.md")).toBe(
      "shell: `acme-notes posts watch`; | acme-notes login",
    );
    expect(cli("trellis(configDir, 'whoami')", "tests/e2e/client.spec.ts")).toBe("trellis(configDir, 'whoami')");
  });
});
