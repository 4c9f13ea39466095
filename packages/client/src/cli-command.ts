/**
 * What a `trellis` command is, and what commands share: the saved login and
 * the usage error. The CLI (./cli.ts) keeps its commands in one table, so a
 * group of them (the demo's `posts`) comes and goes as one entry.
 */
import type { ParseArgsConfig } from "node:util";

import { type CliConfig, readConfig } from "./config";

/** Options as parseArgs takes them: `{ limit: { type: "string" } }`. */
export type CommandOptions = NonNullable<ParseArgsConfig["options"]>;

/** The parsed `--options`: strings, or true for flags (lists only for `multiple` options, which none is). */
export type CommandValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  /** Its lines under "Commands:" in the main help, aligned there. */
  synopsis: [usage: string, summary: string][];
  /** Its own `--help`. */
  help: string;
  /** The options it reads (every command's are accepted; each reads its own). */
  options?: CommandOptions;
  run(values: CommandValues, positionals: string[]): Promise<void>;
}

/** A command with subcommands, `trellis posts list`: its help, and one Command per word. */
export interface CommandGroup {
  help: string;
  subcommands: Record<string, Command>;
}

/** A mistake in how the CLI was called: exit code 2, like most Unix tools. */
export class UsageError extends Error {}

/** The saved login, or TRELLIS_URL and TRELLIS_TOKEN over it. */
export function session(): CliConfig {
  const saved = readConfig();
  // `||`, not `??`: an empty variable means unset, as in most shells' idiom.
  const url = process.env.TRELLIS_URL || saved?.url;
  const token = process.env.TRELLIS_TOKEN || saved?.token;
  if (!url || !token) {
    throw new UsageError("Not logged in: run `trellis login --url URL` first (or set TRELLIS_URL and TRELLIS_TOKEN).");
  }
  return { url, token };
}

/** A string option as the command read it (parseArgs types every value as string | boolean). */
export function text(values: CommandValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}
