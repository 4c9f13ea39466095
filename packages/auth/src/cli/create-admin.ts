/**
 * `pnpm admin:create --email you@example.com [--name "Your Name"] [--promote]`:
 * makes an admin — on production, the first one, as the database starts with
 * no users (ADR 028). The password comes from stdin or a prompt, never from
 * the arguments. Exit code 0 when done, 1 when refused; one line either way.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";

import { type DataLayer, defaultDatabaseUrl, openDatabase } from "@trellis/db";
import { email as emailSchema, signUpInput } from "@trellis/validators";
import { redactUrl } from "@trellis/validators/redact-url";
import { settingsOrExit } from "@trellis/validators/settings";

import { hashPassword } from "../password";
import { GUESSABLE_PASSWORD, isGuessablePassword } from "../password-strength";
import { Refusal, readPassword } from "./read-password";

const USAGE =
  'usage: pnpm admin:create --email <email> [--name "<name>"] [--promote], with the password on stdin or typed when asked';
const NO_ARGV_PASSWORD =
  "a password on the command line shows in `ps` and in shell history; " +
  "pipe it (printf '%s\\n' \"$PASSWORD\" | pnpm admin:create --email …) or type it when asked";

interface Options {
  email: string;
  name: string | undefined;
  promote: boolean;
}

function parseOptions(argv: string[]): Options {
  // `pnpm admin:create -- --email …` passes the separator on.
  const args = argv[0] === "--" ? argv.slice(1) : argv;
  // Checked before parsing, so no spelling of it gets as far as an "unknown option" that echoes it.
  if (args.some((arg) => /^(--?password|--?pass|--?pw|-p)(=|$)/i.test(arg))) {
    throw new Refusal(`Refused: there is no --password option: ${NO_ARGV_PASSWORD}.`);
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch {
    throw new Refusal(`Refused: unknown option or missing value; ${USAGE}.`);
  }
  // A stray word may well be the password: never echoed, and refused for the same reason.
  if (parsed.positionals.length > 0) {
    throw new Refusal(`Refused: admin:create takes no bare arguments (${NO_ARGV_PASSWORD}); ${USAGE}.`);
  }
  const { email, name, promote = false } = parsed.values;
  if (!email) throw new Refusal(`Refused: --email is required; ${USAGE}.`);
  return { email, name, promote };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { email: { type: "string" }, name: { type: "string" }, promote: { type: "boolean" } },
  });
}

/** The first problem the shared schema finds, as "<field>: <message>". */
function problemOf(result: { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const issue = result.error.issues[0];
  return issue ? `${issue.path.map(String).join(".") || "input"}: ${issue.message}` : "invalid input";
}

async function createAdmin(data: DataLayer, options: Options): Promise<string> {
  const email = emailSchema.safeParse(options.email);
  if (!email.success) throw new Refusal(`Refused: email: ${email.error.issues[0]?.message ?? "invalid"}.`);

  const existing = await data.users.byEmail(email.data);
  if (existing) {
    if (!options.promote) {
      throw new Refusal(
        `Refused: ${email.data} already has an account, signed up on ${existing.createdAt.toISOString()}. ` +
          "Anyone can sign up with any address: add --promote only if you made that account and can sign in with it " +
          "(its password is left as it is).",
      );
    }
    if (existing.role === "admin") return `${email.data} is already an admin; nothing changed`;
    await data.users.setRole({ id: existing.id, role: "admin" });
    // Said again on success: whoever knows this account's password is now an admin.
    return `Made ${email.data} an admin (password unchanged; the account signed up on ${existing.createdAt.toISOString()})`;
  }

  const input = signUpInput.safeParse({
    email: email.data,
    name: options.name ?? email.data.split("@")[0],
    password: await readPassword(`Password for ${email.data}: `),
  });
  if (!input.success) throw new Refusal(`Refused: ${problemOf(input)}; nothing was created.`);
  // The same rule as sign-up on the server: an admin's password least of all may be a common one.
  if (await isGuessablePassword(input.data.password, [input.data.email, input.data.name])) {
    throw new Refusal(`Refused: password: ${GUESSABLE_PASSWORD}; nothing was created.`);
  }

  const user = await data.accounts.signUp({
    email: input.data.email,
    name: input.data.name,
    passwordHash: await hashPassword(input.data.password),
  });
  // Taken between the check and the insert (another run at the same moment).
  if (!user) throw new Refusal(`Refused: ${email.data} has just been signed up by someone else; nothing was created.`);
  await data.users.setRole({ id: user.id, role: "admin" });
  return `Created the admin ${email.data}`;
}

/**
 * Which database was written, so a relative SQLite path that resolved somewhere
 * unexpected (pnpm runs this in packages/auth) is seen at once; a Postgres URL without its password.
 */
function shown(url: string): string {
  if (/^postgres(ql)?:\/\//i.test(url)) return redactUrl(url);
  const path = url.replace(/^file:/, "");
  return path === ":memory:" ? path : resolve(path);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const url = settingsOrExit("admin:create").databaseUrl ?? defaultDatabaseUrl();
  // Migrates a new database first, so this works before the app ever started.
  const database = await openDatabase(url);
  try {
    console.log(`${await createAdmin(database.data, options)} in ${shown(url)}.`);
  } finally {
    await database.close();
  }
}

try {
  await main();
} catch (error) {
  console.error(
    error instanceof Refusal
      ? error.message
      : `admin:create failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}
