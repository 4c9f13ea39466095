#!/usr/bin/env node
/**
 * `trellis`: the typed client from a shell. Every command is one call to the
 * same procedures the web app uses; errors print one line and exit non-zero.
 */
import { hostname } from "node:os";
import { parseArgs } from "node:util";

import { type Command, type CommandGroup, type CommandOptions, session, text, UsageError } from "./cli-command";
import { configFile, writeConfig } from "./config";
import { createTrellisClient, errorCode, fieldErrors, isTrellisError } from "./index";
import { postCommands } from "./post-commands";
import { PromptInterrupted, stdinPrompter } from "./prompt";
import { assertSafeForPassword, SignInRefused, signInForToken, tokenNameFor } from "./sign-in";

/** Asks for the email and password (never from argv), signs in and returns a new token's secret. */
async function tokenFromSignIn(url: string, scope: "read" | "read-write"): Promise<string> {
  // Before asking for anything: a password typed for nothing is still a password typed.
  assertSafeForPassword(url);
  const prompter = stdinPrompter();
  try {
    const email = await prompter.ask("Email: ");
    const password = await prompter.ask("Password: ", { secret: true });
    if (!email || !password) throw new UsageError("An email and a password are needed to log in.");
    return await signInForToken({
      url,
      credentials: { email, password },
      askCode: () => prompter.ask("Two-factor code (or a recovery code): ", { secret: true }),
      tokenName: tokenNameFor(hostname()),
      scope,
    });
  } finally {
    prompter.close();
  }
}

/** `--token -`: the token as the first line of stdin (a pipe, or typed unechoed), out of argv. */
async function tokenFromStdin(): Promise<string> {
  const prompter = stdinPrompter();
  try {
    const token = await prompter.ask("Token: ", { secret: true });
    if (!token) throw new UsageError("--token - reads the token from stdin, and it was empty.");
    return token.trim();
  } finally {
    prompter.close();
  }
}

/** One line, as the docs promise: `error CODE: message`, the field messages in place of zod's dump. */
function oneLine(error: unknown): string {
  if (!isTrellisError(error)) return `error: ${error instanceof Error ? error.message : String(error)}`;
  const fields = Object.entries(fieldErrors(error)).map(([field, messages]) => `${field}: ${messages?.join(", ")}`);
  const message = fields.length > 0 ? fields.join("; ") : error.message.replace(/\s+/g, " ").trim();
  return `error ${errorCode(error) ?? "UNKNOWN"}: ${message}`;
}

const loginHelp = `Usage: trellis login --url URL [--scope read|read-write]
       trellis login --url URL --token -

Without --token: asks for your email and password (and a two-factor code if your
account has it on) — on the terminal, or one per line from stdin when it is not
one — then creates a read-write API token (90 days; --scope read for a read-only
one) and saves it. The password goes only to https:// or to localhost.
With --token -: reads an existing token from stdin, checks it, then saves it
(--token TOKEN works too, but shows the token in \`ps\` and shell history).
Saved with mode 0600.`;

const renameHelp = "Usage: trellis rename NAME\n\nSets your display name (needs a read-write token).";

/** Every command, by its first word; the main help lists them in this order. */
const COMMANDS: Record<string, Command | CommandGroup> = {
  login: {
    synopsis: [
      [
        "login --url URL",
        `sign in (email, password: asked, or read from stdin),\ncreate an API token and save it (config: ${configFile()})`,
      ],
      ["login --url URL --token -", "check an existing token, read from stdin, and save it"],
    ],
    help: loginHelp,
    options: { url: { type: "string" }, token: { type: "string" }, scope: { type: "string" } },
    async run(values) {
      const url = text(values, "url");
      if (!url) throw new UsageError(loginHelp);
      const scope = text(values, "scope") ?? "read-write";
      if (scope !== "read" && scope !== "read-write") throw new UsageError("--scope must be read or read-write");
      const given = text(values, "token");
      const token = given === "-" ? await tokenFromStdin() : (given ?? (await tokenFromSignIn(url, scope)));
      const me = await createTrellisClient({ url, token }).account.me.query();
      if (!me) throw new Error("The app did not recognise that token.");
      writeConfig({ url, token });
      console.log(`Logged in to ${url} as ${me.name}. Saved to ${configFile()}`);
    },
  },
  whoami: {
    synopsis: [["whoami", "who the saved token belongs to"]],
    help: "Usage: trellis whoami\n\nPrints the name and role of the saved token's user.",
    async run() {
      const me = await createTrellisClient(session()).account.me.query();
      console.log(me ? `${me.name} (${me.role}) via ${me.via}` : "Anonymous");
    },
  },
  profile: {
    synopsis: [["profile [--json]", "your name, email and role"]],
    help: "Usage: trellis profile [--json]\n\nPrints the saved token's account: its name, email and role.",
    options: { json: { type: "boolean" } },
    async run(values) {
      const profile = await createTrellisClient(session()).account.profile.query();
      if (values.json) console.log(JSON.stringify(profile, null, 2));
      else console.log(`${profile.name} <${profile.email}> (${profile.role})`);
    },
  },
  rename: {
    synopsis: [["rename NAME", "set your display name (needs a read-write token)"]],
    help: renameHelp,
    async run(_values, [name]) {
      if (name === undefined) throw new UsageError(renameHelp);
      const renamed = await createTrellisClient(session()).account.updateProfile.mutate({ name });
      console.log(`Renamed to ${renamed.name}`);
    },
  },
  posts: postCommands,
};

const isGroup = (entry: Command | CommandGroup): entry is CommandGroup => "subcommands" in entry;
const commandsOf = (entry: Command | CommandGroup): Command[] =>
  isGroup(entry) ? Object.values(entry.subcommands) : [entry];

/** The usage, then each command's lines from the table, aligned. */
function mainHelp(): string {
  const lines = Object.values(COMMANDS)
    .flatMap(commandsOf)
    .flatMap((command) => command.synopsis)
    .flatMap(([usage, summary]) =>
      summary.split("\n").map((line, i) => `  ${(i === 0 ? usage : "").padEnd(32)}${line}`),
    );
  return `Usage: trellis <command> [options]

Commands:
${lines.join("\n")}

Options:
  -h, --help                      help for any command
Environment: TRELLIS_URL and TRELLIS_TOKEN override the saved login
(prefer TRELLIS_TOKEN to --token: arguments show in \`ps\` and shell history).`;
}

/** Every command's options (and --help), so that any command line parses before its command is found. */
function allOptions(): CommandOptions {
  const options: CommandOptions = { help: { type: "boolean", short: "h" } };
  for (const command of Object.values(COMMANDS).flatMap(commandsOf)) Object.assign(options, command.options);
  return options;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: allOptions(),
  });
  const [name, ...rest] = positionals;
  // Own keys only: `trellis toString` is an unknown command, not the table's inherited method.
  const ownEntry = <T>(table: Record<string, T>, key: string | undefined) =>
    key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
  const entry = ownEntry(COMMANDS, name);
  const sub = entry && isGroup(entry) ? rest[0] : undefined;
  const command = entry && isGroup(entry) ? ownEntry(entry.subcommands, sub) : entry;
  if (values.help || !name) {
    // Help for what was named, as far as it was named; the main help for anything unknown.
    console.log(command?.help ?? (entry && isGroup(entry) && sub === undefined ? entry.help : mainHelp()));
    return;
  }
  if (!command) throw new UsageError(`Unknown command: ${positionals.join(" ")}\n\n${mainHelp()}`);
  await command.run(values, entry && isGroup(entry) ? rest.slice(1) : rest);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof PromptInterrupted) {
    console.error(error.message);
    process.exit(130);
  }
  console.error(error instanceof SignInRefused ? `error ${error.code}: ${error.message}` : oneLine(error));
  process.exit(1);
});
