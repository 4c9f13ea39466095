/**
 * Answers for `trellis login`, never from argv (it lands in shell history and
 * `ps`): asked on the terminal, the password unechoed; or, when stdin is not a
 * terminal (CI, a pipe), read from it one per line: email, password, and a
 * two-factor code if the account asks for one.
 */
import { createInterface } from "node:readline";

export interface Prompter {
  ask(question: string, options?: { secret?: boolean }): Promise<string>;
  close(): void;
}

export function stdinPrompter(): Prompter {
  if (!process.stdin.isTTY) return pipedLines();
  const terminal = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  let muted = false;
  // readline echoes through _writeToOutput: while a secret is typed, print nothing of it.
  const echo = terminal as unknown as { _writeToOutput(text: string): void };
  const write = echo._writeToOutput.bind(terminal);
  echo._writeToOutput = (text) => {
    if (!muted || text.includes("\n")) write(muted ? "\n" : text);
  };
  return {
    ask: (question, options) =>
      new Promise((resolve) => {
        terminal.question(question, (answer) => {
          muted = false;
          resolve(answer.trim());
        });
        muted = options?.secret ?? false;
      }),
    close: () => terminal.close(),
  };
}

/** Lines from a pipe, handed out in order; an answer asked for after the end is empty. */
function pipedLines(): Prompter {
  const lines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  return {
    ask: async () => {
      const next = await lines.next();
      return next.done ? "" : next.value.trim();
    },
    close: () => process.stdin.destroy(),
  };
}
