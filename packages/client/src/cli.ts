#!/usr/bin/env node
/**
 * `trellis`: the typed client from a shell. Every command is one call to the
 * same procedures the web app uses; errors print one line and exit non-zero.
 */
import { hostname } from "node:os";
import { parseArgs } from "node:util";

import { type CliConfig, configFile, readConfig, writeConfig } from "./config";
import { createTrellisClient, errorCode, fieldErrors, isTrellisError } from "./index";
import { PromptInterrupted, stdinPrompter } from "./prompt";
import { assertSafeForPassword, SignInRefused, signInForToken, tokenNameFor } from "./sign-in";

const HELP = {
  main: `Usage: trellis <command> [options]

Commands:
  login --url URL                 sign in (email, password: asked, or read from stdin),
                                  create an API token and save it (config: ${configFile()})
  login --url URL --token -       check an existing token, read from stdin, and save it
  whoami                          who the saved token belongs to
  posts list [--limit N] [--json] the newest posts
  posts create --title T --body B write a post (needs a read-write token)
  posts delete ID                 delete one of your posts
  posts watch [--json]            print new posts as they are written, until Ctrl-C

Options:
  -h, --help                      help for any command
Environment: TRELLIS_URL and TRELLIS_TOKEN override the saved login
(prefer TRELLIS_TOKEN to --token: arguments show in \`ps\` and shell history).`,
  login: `Usage: trellis login --url URL [--scope read|read-write]
       trellis login --url URL --token -

Without --token: asks for your email and password (and a two-factor code if your
account has it on) — on the terminal, or one per line from stdin when it is not
one — then creates a read-write API token (90 days; --scope read for a read-only
one) and saves it. The password goes only to https:// or to localhost.
With --token -: reads an existing token from stdin, checks it, then saves it
(--token TOKEN works too, but shows the token in \`ps\` and shell history).
Saved with mode 0600.`,
  whoami: "Usage: trellis whoami\n\nPrints the name and role of the saved token's user.",
  posts: "Usage: trellis posts <list|create|delete> [options]\n\nRun `trellis posts <command> --help` for one command.",
  "posts list": "Usage: trellis posts list [--limit N] [--json]\n\nThe newest posts, 20 by default (at most 50).",
  "posts create": "Usage: trellis posts create --title TITLE --body BODY\n\nPrints the new post's id.",
  "posts delete": "Usage: trellis posts delete ID\n\nDeletes a post you wrote (admins: any post).",
  "posts watch":
    "Usage: trellis posts watch [--json]\n\nPrints each new post as it is written (one JSON object per line with --json),\nreconnecting and resuming by itself, until interrupted.",
} as const;

/** A mistake in how the CLI was called: exit code 2, like most Unix tools. */
class UsageError extends Error {}

function session(): CliConfig {
  const saved = readConfig();
  // `||`, not `??`: an empty variable means unset, as in most shells' idiom.
  const url = process.env.TRELLIS_URL || saved?.url;
  const token = process.env.TRELLIS_TOKEN || saved?.token;
  if (!url || !token) {
    throw new UsageError("Not logged in: run `trellis login --url URL` first (or set TRELLIS_URL and TRELLIS_TOKEN).");
  }
  return { url, token };
}

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

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      json: { type: "boolean" },
      url: { type: "string" },
      token: { type: "string" },
      scope: { type: "string" },
      limit: { type: "string" },
      title: { type: "string" },
      body: { type: "string" },
    },
  });
  const [command, sub, ...rest] = positionals;
  const topic = command === "posts" && sub ? `posts ${sub}` : (command ?? "main");
  if (values.help || !command) {
    const help = HELP[topic as keyof typeof HELP] ?? HELP.main;
    console.log(help);
    return;
  }

  switch (topic) {
    case "login": {
      if (!values.url) throw new UsageError(HELP.login);
      const scope = values.scope ?? "read-write";
      if (scope !== "read" && scope !== "read-write") throw new UsageError("--scope must be read or read-write");
      const token =
        values.token === "-" ? await tokenFromStdin() : (values.token ?? (await tokenFromSignIn(values.url, scope)));
      const me = await createTrellisClient({ url: values.url, token }).account.me.query();
      if (!me) throw new Error("The app did not recognise that token.");
      writeConfig({ url: values.url, token });
      console.log(`Logged in to ${values.url} as ${me.name}. Saved to ${configFile()}`);
      return;
    }
    case "whoami": {
      const me = await createTrellisClient(session()).account.me.query();
      console.log(me ? `${me.name} (${me.role}) via ${me.via}` : "Anonymous");
      return;
    }
    case "posts list": {
      const limit = values.limit === undefined ? 20 : Number(values.limit);
      if (!Number.isInteger(limit)) throw new UsageError("--limit must be a whole number");
      const page = await createTrellisClient(session()).post.list.query({ limit });
      if (values.json) {
        console.log(JSON.stringify(page.items, null, 2));
        return;
      }
      for (const post of page.items) {
        console.log(`${post.id}  ${post.createdAt.toISOString().slice(0, 10)}  ${post.title}  — ${post.author.name}`);
      }
      return;
    }
    case "posts create": {
      if (values.title === undefined || values.body === undefined) throw new UsageError(HELP["posts create"]);
      const post = await createTrellisClient(session()).post.create.mutate({ title: values.title, body: values.body });
      console.log(post.id);
      return;
    }
    case "posts delete": {
      const [id] = rest;
      if (!id) throw new UsageError(HELP["posts delete"]);
      await createTrellisClient(session()).post.delete.mutate({ id });
      console.log(`Deleted ${id}`);
      return;
    }
    case "posts watch": {
      const client = createTrellisClient(session());
      await new Promise<void>((resolve, reject) => {
        const subscription = client.post.onCreated.subscribe(
          {},
          {
            // Said once the stream is open, so a script can wait for it before writing.
            onStarted: () => console.error("Watching for new posts (Ctrl-C to stop)…"),
            onData: ({ data: post }) => {
              if (values.json) console.log(JSON.stringify(post));
              else console.log(`${post.id}  ${post.createdAt.toISOString()}  ${post.title}  — ${post.author.name}`);
            },
            onError: reject,
          },
        );
        process.once("SIGINT", () => {
          subscription.unsubscribe();
          resolve();
        });
      });
      return;
    }
    default:
      throw new UsageError(`Unknown command: ${positionals.join(" ")}\n\n${HELP.main}`);
  }
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
