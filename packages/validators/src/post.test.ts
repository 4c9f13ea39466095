import { describe, expect, it } from "vitest";

import { createPostInput, NOTHING_TO_EDIT, POST_BODY_MAX, POST_TITLE_MAX, updatePostInput } from "./post";

describe("createPostInput", () => {
  it("accepts a title and body, trimming whitespace", () => {
    expect(createPostInput.parse({ title: "  Hello  ", body: " World " })).toEqual({ title: "Hello", body: "World" });
  });

  it("rejects blank fields with a message per field", () => {
    const result = createPostInput.safeParse({ title: "   ", body: "" });
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((issue) => issue.path.join("."));
    expect(fields).toEqual(["title", "body"]);
  });

  it("enforces the length limits at the boundary", () => {
    const title = "t".repeat(POST_TITLE_MAX);
    const body = "b".repeat(POST_BODY_MAX);
    expect(createPostInput.safeParse({ title, body }).success).toBe(true);
    expect(createPostInput.safeParse({ title: `${title}x`, body }).success).toBe(false);
    expect(createPostInput.safeParse({ title, body: `${body}x` }).success).toBe(false);
  });
});

describe("updatePostInput", () => {
  it("requires a UUIDv7 id", () => {
    const fields = { title: "T", body: "B" };
    expect(updatePostInput.safeParse({ id: "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a", ...fields }).success).toBe(true);
    expect(updatePostInput.safeParse({ id: "not-an-id", ...fields }).success).toBe(false);
    // A valid UUID, but v4: ids are always v7 here.
    expect(updatePostInput.safeParse({ id: "9b2f0c9e-4f7a-4d2e-8c3b-2a1d0e9f8c7b", ...fields }).success).toBe(false);
  });

  it("takes a title, a body or both, each checked as when writing; not neither", () => {
    const id = "0190e0b4-5c1a-7cc1-9a8e-3f1e2d4c5b6a";
    expect(updatePostInput.safeParse({ id, title: "T" }).success).toBe(true);
    expect(updatePostInput.safeParse({ id, body: "B" }).success).toBe(true);
    expect(updatePostInput.safeParse({ id, title: " " }).success).toBe(false);
    const neither = updatePostInput.safeParse({ id });
    expect(neither.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[[], NOTHING_TO_EDIT]]);
  });
});

describe("messages for a field left out or of the wrong type", () => {
  const messages = (input: unknown) => {
    const result = createPostInput.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };

  it("match what a form says for an empty field", () => {
    expect(messages({})).toEqual(["title: Title is required", "body: Body is required"]);
    expect(messages({ title: null, body: "" })).toEqual(["title: Title is required", "body: Body is required"]);
  });

  it("name the field and the type for a value of another type", () => {
    expect(messages({ title: 7, body: "ok" })).toEqual(["title: Title must be text"]);
  });
});
