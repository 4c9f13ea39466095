import { describe, expect, it } from "vitest";

import { createCommentInput } from "./comment";
import { createPostInput } from "./post";
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
    const result = createPostInput.safeParse({ title: "a\u0000b", body: "\uD800" });
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["title", "body"]);
    expect(
      createCommentInput.safeParse({ postId: "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a", body: "\u0000" }).success,
    ).toBe(false);
  });
});
