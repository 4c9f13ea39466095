import { PassThrough } from "node:stream";

import { describe, expect, it } from "vitest";

import { PromptInterrupted, stdinPrompter } from "./prompt";

/** A fake terminal: what is typed goes in, what the prompter prints comes out. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  return { input, output, printed: () => printed };
}

const UP_ARROW = "\x1b[A";
const CTRL_C = "\x03";

describe("stdinPrompter on a terminal", () => {
  it("keeps a secret as typed, and never prints it", async () => {
    const terminal = fakeTerminal();
    const prompter = stdinPrompter(terminal.input, terminal.output);
    const email = prompter.ask("Email: ");
    terminal.input.write("  ada@example.com \r");
    expect(await email).toBe("ada@example.com");
    const password = prompter.ask("Password: ", { secret: true });
    terminal.input.write(" s3cret pass \r");
    expect(await password).toBe(" s3cret pass ");
    prompter.close();
    expect(terminal.printed()).toContain("Password: ");
    expect(terminal.printed()).not.toContain("s3cret");
  });

  it("has no history: up-arrow at the code prompt does not bring back the password", async () => {
    const terminal = fakeTerminal();
    const prompter = stdinPrompter(terminal.input, terminal.output);
    const password = prompter.ask("Password: ", { secret: true });
    terminal.input.write("hunter2\r");
    await password;
    const code = prompter.ask("Code: ", { secret: true });
    terminal.input.write(`${UP_ARROW}\r`);
    expect(await code).toBe("");
    prompter.close();
    expect(terminal.printed()).not.toContain("hunter2");
  });

  it("rejects the question waiting on Ctrl-C, and when the input closes", async () => {
    const interrupted = fakeTerminal();
    const asked = stdinPrompter(interrupted.input, interrupted.output).ask("Password: ", { secret: true });
    interrupted.input.write(CTRL_C);
    await expect(asked).rejects.toBeInstanceOf(PromptInterrupted);

    const closed = fakeTerminal();
    const waiting = stdinPrompter(closed.input, closed.output).ask("Email: ");
    closed.input.end();
    await expect(waiting).rejects.toBeInstanceOf(PromptInterrupted);
  });
});

describe("stdinPrompter on a pipe", () => {
  it("hands out lines in order: secrets untrimmed but for the line ending, then empty after the end", async () => {
    const input = new PassThrough();
    input.end("  ada@example.com\r\n pass word \r\n123456\n");
    const prompter = stdinPrompter(input);
    expect(await prompter.ask("Email: ")).toBe("ada@example.com");
    expect(await prompter.ask("Password: ", { secret: true })).toBe(" pass word ");
    expect(await prompter.ask("Code: ", { secret: true })).toBe("123456");
    expect(await prompter.ask("More: ")).toBe("");
    prompter.close();
  });
});
