/**
 * What `pnpm rename` looks for and what it writes instead: patterns built from
 * the names the repository has now (STARTER in names.ts, "Trellis" at first,
 * the last rename's names after one), so a second rename finds what the
 * first one wrote. Every name is escaped: an app name may hold "." or "&".
 */
import type { Names } from "./names";

/** One rewrite of an opaque value: a pattern and what it becomes. */
export type Rewrite = [pattern: RegExp, replacement: string];

/** Where the CLI's command is written as a command (not as a variable named `trellis`). */
export const CLI_FILES = [
  "packages/client/",
  "docs/client.md",
  "tests/e2e/client.spec.ts",
  "README.md",
  "apps/web/src/components/api-tokens.tsx",
];

/**
 * Where a whole string "trellis" is a default two apps must not share (the jobs' queue, the traces'
 * service name): the syntax tree hands over the literal alone, without the `?? ` before it.
 */
export const DEFAULT_FILES = [
  "packages/jobs/src/bullmq-queue.ts",
  "packages/validators/src/settings.ts",
  "packages/validators/src/settings.test.ts",
  // The User-Agent GitHub's API requires.
  "packages/auth/src/next.ts",
];

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Not inside a longer word, in any script ("Café" ends in a letter \b does not know). */
const NOT_AFTER_WORD = "(?<![\\p{L}\\p{N}_])";
const NOT_BEFORE_WORD = "(?![\\p{L}\\p{N}_])";

/** The rewrites from the names the repository has (`from`) to the new ones (`to`), for one file. */
export function rewritesFor(from: Names, to: Names, file: string): Rewrite[] {
  const scope = escapeRegExp(from.scope);
  const appName = escapeRegExp(from.appName);
  const bin = escapeRegExp(from.bin);
  const rewrites: Rewrite[] = [
    // The development accounts' and the mailer's domain: "ada@trellis.dev" → "ada@acme-notes.dev",
    // a valid address (the command name is lowercase letters, digits and inner dashes). Before the
    // scope, which an address must never take: "ada@my_co.dev" is not an email address.
    [new RegExp(`(?<=@)${bin}(?=\\.dev${NOT_BEFORE_WORD})`, "gu"), to.bin],
    // The scope as a token: "@trellis/db", "@trellis\/" in a regular expression, "@trellis+db" in
    // node_modules/.pnpm; never in an email address: not after a word character, not before ".test".
    [new RegExp(`(?<![\\w.+-])${scope}(?![\\w-]|\\.[a-z])`, "gu"), to.scope],
    [new RegExp(`${NOT_AFTER_WORD}${appName}${NOT_BEFORE_WORD}`, "gu"), to.appName],
    [new RegExp(`\\b${escapeRegExp(from.tokenPrefix)}`, "g"), to.tokenPrefix],
    // The client's packed tarball, named by npm from the package name: "trellis-client-0.1.0.tgz".
    [new RegExp(`(?<![\\w-])${escapeRegExp(from.scope.slice(1))}-(?=client-\\d)`, "g"), `${to.scope.slice(1)}-`],
    // The CLI's commands in backticks anywhere (docs, ADRs): "`trellis login`", "`trellis posts watch`".
    [new RegExp(`(?<=\`)${bin}(?= (?:login|whoami|posts)\\b)`, "g"), to.bin],
    // The CLI's file, where docs and the pack test name it: "bin/trellis.js".
    [new RegExp(`(?<=\\bbin/)${bin}(?=\\.js\\b)`, "g"), to.bin],
    // The connect intent's cookie and signing label.
    [new RegExp(`\\b${bin}(?=\\.connect-intent\\b)`, "g"), to.bin],
    [new RegExp(`(?<=\`)${bin}(?=-connect:)`, "g"), to.bin],
    // What a person or an operator sees, and what two renamed apps would otherwise share.
    // The bearer challenge's realm: `realm="trellis"`, `realm=\"trellis\"` in JSON.
    [new RegExp(`(?<=realm=\\\\?")${bin}(?=\\\\?")`, "g"), to.bin],
    // The recovery codes' download.
    [new RegExp(`\\b${bin}(?=-recovery-codes\\.txt)`, "g"), to.bin],
    // The CLI's config folder: "~/.config/trellis/", "$XDG_CONFIG_HOME/trellis", "%APPDATA%\trellis".
    [new RegExp(`(?<=(?:\\.config|CONFIG_HOME|APPDATA%)[/\\\\])${bin}(?=[/\\\\ ])`, "g"), to.bin],
    // The Redis defaults apps sharing one Redis keep apart: the events stream and the rate limits' prefix
    // (not the diagnostics channels "trellis:events:delivered", which are in-process).
    [new RegExp(`\\b${bin}(?=:(?:events|rate-limit)(?![\\w:-]))`, "g"), to.bin],
    // The jobs' queue and the traces' service name: `?? "trellis"` in prose, "default `trellis`" in
    // prose, JOBS_QUEUE=trellis in .env.example, the settings tables' `OTEL_SERVICE_NAME` row.
    [
      new RegExp(
        `(?<=\\?\\? "|\\b[Dd]efault:? ["\`]?|\\b(?:JOBS_QUEUE|OTEL_SERVICE_NAME)=|serviceName: "|service "|\`OTEL_SERVICE_NAME\`\\s*\\|\\s*\`)${bin}(?=["\`]?[).,;\\s]|["\`]$|$)`,
        "gm",
      ),
      to.bin,
    ],
  ];
  if (DEFAULT_FILES.includes(file)) rewrites.push([new RegExp(`^"${bin}"$`, "g"), JSON.stringify(to.bin)]);
  if (CLI_FILES.some((prefix) => file.startsWith(prefix))) {
    // The command at the start of a (shell) line, after a pipe, in backticks or quotes, after "Usage: ",
    // or as a whole JSX text (`<code>trellis</code>`); never `const trellis = …` or `trellis(dir, …)`.
    rewrites.push([new RegExp(`(^[ \\t]*|[\`"]|\\| |Usage: |The )${bin}(?=[ \`"]|$)`, "gm"), `$1${to.bin}`]);
  }
  return rewrites;
}

export function rewrite(text: string, rewrites: Rewrite[]): string {
  return rewrites.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}
