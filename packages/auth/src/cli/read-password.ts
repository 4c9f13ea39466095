import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/** A command-line refusal: printed as its one line, exit code 1, no stack trace. */
export class Refusal extends Error {}

interface Input extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

/**
 * A password for a command-line tool, never from its arguments (they show in
 * `ps` and shell history): the first line of stdin when it is piped, else
 * typed at a prompt that echoes nothing, twice, to catch a typo nobody saw.
 */
export async function readPassword(
  question: string,
  input: Input = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  if (!input.isTTY) return firstLine(input);
  const password = await askHidden(question, input, output);
  if ((await askHidden("Again, to confirm: ", input, output)) !== password) {
    throw new Refusal("Refused: the two passwords differ; nothing was changed.");
  }
  return password;
}

async function firstLine(input: Input): Promise<string> {
  let text = "";
  for await (const chunk of input) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.includes("\n")) break;
  }
  const line = text.split(/\r?\n/)[0] ?? "";
  if (line === "") {
    throw new Refusal(
      "Refused: no password on stdin: pipe one line (printf '%s\\n' \"$PASSWORD\" | pnpm admin:create --email …), or run it in a terminal to be asked.",
    );
  }
  return line;
}

function askHidden(question: string, input: Input, output: NodeJS.WritableStream): Promise<string> {
  output.write(question);
  // readline echoes what is typed to its output: given one that discards everything, the terminal shows nothing.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const prompt = createInterface({ input, output: silent, terminal: true });
  return new Promise((resolve, reject) => {
    let answered = false;
    prompt.once("line", (line) => {
      answered = true;
      prompt.close();
      output.write("\n");
      resolve(line);
    });
    // Raw mode turns Ctrl-C into this event rather than a signal.
    prompt.once("SIGINT", () => prompt.close());
    prompt.once("close", () => {
      if (answered) return;
      output.write("\n");
      reject(new Refusal("Refused: no password given; nothing was changed."));
    });
  });
}
