/**
 * Answers for `trellis login`, never from argv (it lands in shell history and
 * `ps`): asked on the terminal, secrets unechoed; or, when stdin is not a
 * terminal (CI, a pipe), read from it one per line: email, password, and a
 * two-factor code if the account asks for one.
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";

export interface Prompter {
  /** The answer; a secret exactly as typed (only the line ending dropped), anything else trimmed. */
  ask(question: string, options?: { secret?: boolean }): Promise<string>;
  close(): void;
}

/** Ctrl-C (or the input closing) while a question waited for its answer: the CLI exits 130. */
export class PromptInterrupted extends Error {
  constructor() {
    super("Interrupted.");
  }
}

/** A password may begin or end with a space: only the line ending is not part of it. */
function answerOf(line: string, secret: boolean): string {
  return secret ? line.replace(/\r?\n?$/, "") : line.trim();
}

export function stdinPrompter(
  input: Readable & { isTTY?: boolean } = process.stdin,
  output: Writable = process.stderr,
): Prompter {
  return input.isTTY ? terminalPrompter(input, output) : pipedLines(input);
}

function terminalPrompter(input: Readable, output: Writable): Prompter {
  // No history: otherwise up-arrow at the code prompt brings back (and would send) the password.
  const terminal = createInterface({ input, output, terminal: true, historySize: 0 });
  let muted = false;
  let pending: ((error: Error) => void) | null = null;
  const interrupt = () => {
    pending?.(new PromptInterrupted());
    pending = null;
  };
  // With a listener here, Ctrl-C no longer just pauses the input (and lets the process end with 0).
  terminal.on("SIGINT", () => {
    output.write("\n"); // the message that follows gets a line of its own, not the prompt's
    interrupt();
    terminal.close();
  });
  terminal.on("close", interrupt);
  // readline echoes through _writeToOutput: while a secret is typed, print nothing of it.
  const echo = terminal as unknown as { _writeToOutput(text: string): void };
  const write = echo._writeToOutput.bind(terminal);
  echo._writeToOutput = (text) => {
    if (!muted || text.includes("\n")) write(muted ? "\n" : text);
  };
  return {
    ask: (question, options) =>
      new Promise((resolve, reject) => {
        pending = reject;
        terminal.question(question, (answer) => {
          muted = false;
          pending = null;
          resolve(answerOf(answer, options?.secret ?? false));
        });
        muted = options?.secret ?? false;
      }),
    close: () => {
      pending = null;
      terminal.close();
    },
  };
}

/** Lines from a pipe, handed out in order; an answer asked for after the end is empty. */
function pipedLines(input: Readable): Prompter {
  const lines = createInterface({ input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY })[
    Symbol.asyncIterator
  ]();
  return {
    ask: async (_question, options) => {
      const next = await lines.next();
      return next.done ? "" : answerOf(next.value, options?.secret ?? false);
    },
    close: () => input.destroy(),
  };
}
