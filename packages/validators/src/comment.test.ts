import { describe, expect, it } from "vitest";

import { COMMENT_BODY_MAX, createCommentInput, updateCommentInput } from "./comment";

const id = "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a";

describe("updateCommentInput", () => {
  it("trims the body, as creating a comment does", () => {
    expect(updateCommentInput.parse({ id, body: "  Edited  " })).toEqual({ id, body: "Edited" });
  });

  it("holds an edit to the rules a new comment follows", () => {
    for (const body of ["   ", "c".repeat(COMMENT_BODY_MAX + 1)]) {
      expect(updateCommentInput.safeParse({ id, body }).success).toBe(false);
      expect(createCommentInput.safeParse({ postId: id, body }).success).toBe(false);
    }
    expect(updateCommentInput.safeParse({ id, body: "c".repeat(COMMENT_BODY_MAX) }).success).toBe(true);
  });

  it("requires a UUIDv7 id", () => {
    expect(updateCommentInput.safeParse({ id: "not-an-id", body: "B" }).success).toBe(false);
  });
});
