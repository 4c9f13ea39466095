import { describe, expect, it } from "vitest";

import { isGuessablePassword } from "./password-strength";

describe("isGuessablePassword", () => {
  it.each([
    "password12",
    "p@ssw0rd12",
    "iloveyou2024",
    "qwertyuiop",
    "1234567890",
    "aaaaaaaaaaaa",
    "abcabcabcabc",
    "monkey2024!",
    "trellis2026!",
  ])("refuses %s: common, breached-style or a simple pattern", async (password) => {
    expect(await isGuessablePassword(password)).toBe(true);
  });

  it("refuses a password made of the account's own name or email", async () => {
    expect(await isGuessablePassword("adalovelace1", ["Ada Lovelace", "ada.lovelace@example.com"])).toBe(true);
    expect(await isGuessablePassword("adalovelace1")).toBe(false);
  });

  // Every password the tests and e2e specs choose must pass, so none of them depends on a weak one.
  it.each([
    "a long password",
    "a long e2e password",
    "correct horse",
    "long enough!",
    "new password!",
    "remembered now",
    "a third one!",
    "a brand new password",
    "yet another password",
    "the right password",
  ])("accepts %s", async (password) => {
    expect(await isGuessablePassword(password)).toBe(false);
  });
});
