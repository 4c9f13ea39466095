import { describe, expect, it } from "vitest";

import { createApiTokenInput, signUpInput } from "./account";
import { isStorableText } from "./text";

describe("isStorableText", () => {
  it("accepts any well-formed text, astral characters, RTL and zero-width ones included", () => {
    for (const text of ["", "plain", "😀 👩‍👩‍👧‍👦", "שלום", "\u202Eabc", "a\u200Bb", "\u0001\t\n"]) {
      expect(isStorableText(text), JSON.stringify(text)).toBe(true);
    }
  });

  it("refuses a NUL, which Postgres cannot store, and unpaired surrogates, which drivers would replace", () => {
    for (const text of ["\u0000", "a\u0000b", "\uD800", "x\uDFFF", "\uDE00\uD83D"]) {
      expect(isStorableText(text), JSON.stringify(text)).toBe(false);
    }
  });

  it("makes such text a field error in the shared schemas", () => {
    const result = signUpInput.safeParse({
      name: "a\u0000b",
      email: "ada@example.com",
      password: "long enough, surely",
    });
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["name"]);
    expect(createApiTokenInput.safeParse({ name: "\uD800", scope: "read", expiresInDays: null }).success).toBe(false);
  });
});
