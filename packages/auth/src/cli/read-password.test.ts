import { PassThrough } from "node:stream";

import { describe, expect, it } from "vitest";

import { readPassword } from "./read-password";

/** A stand-in for a terminal: what the user types goes in, what the prompt shows comes out. */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let shown = "";
  output.on("data", (chunk) => (shown += chunk));
  return { input, output, shown: () => shown };
}

describe("readPassword", () => {
  it("takes the first line of piped stdin", async () => {
    const input = new PassThrough();
    input.end("a long secret\nignored\n");
    await expect(readPassword("Password: ", input)).resolves.toBe("a long secret");
  });

  it("refuses empty stdin rather than an empty password", async () => {
    const input = new PassThrough();
    input.end("");
    await expect(readPassword("Password: ", input)).rejects.toThrow(/^Refused: no password on stdin/);
  });

  it("on a terminal asks twice and echoes nothing that was typed", async () => {
    const tty = terminal();
    const answer = readPassword("Password: ", tty.input, tty.output);
    tty.input.write("typed secret\r");
    await new Promise((resolve) => setImmediate(resolve));
    tty.input.write("typed secret\r");
    await expect(answer).resolves.toBe("typed secret");
    expect(tty.shown()).toBe("Password: \nAgain, to confirm: \n");
  });

  it("on a terminal refuses two different answers", async () => {
    const tty = terminal();
    const answer = readPassword("Password: ", tty.input, tty.output);
    tty.input.write("typed secret\r");
    await new Promise((resolve) => setImmediate(resolve));
    tty.input.write("typo secret\r");
    await expect(answer).rejects.toThrow("Refused: the two passwords differ; nothing was changed.");
    expect(tty.shown()).not.toContain("secret");
  });
});
