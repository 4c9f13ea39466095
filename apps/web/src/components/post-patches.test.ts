import { describe, expect, it } from "vitest";

import { withCommentCount, withEdit } from "./post-patches";

const at = (ms: number) => new Date(ms);
const post = {
  id: "p",
  title: "Second edit",
  body: "B2",
  updatedAt: at(2_000),
  likeCount: 3,
  commentCount: 2,
  viewerHasLiked: true,
};

describe("withEdit", () => {
  it("applies an edit as new as the copy held, or newer, and keeps the rest", () => {
    const edited = withEdit({ title: "Third edit", body: "B3", updatedAt: at(3_000) })(post);
    expect(edited).toEqual({ ...post, title: "Third edit", body: "B3", updatedAt: at(3_000) });
  });

  it("ignores an edit older than the copy held: racing edits' events may arrive out of order", () => {
    expect(withEdit({ title: "First edit", body: "B1", updatedAt: at(1_000) })(post)).toBe(post);
  });
});

describe("withCommentCount", () => {
  it("sets the count the event carries, whatever the copy held", () => {
    expect(withCommentCount(5)(post)).toEqual({ ...post, commentCount: 5 });
    expect(withCommentCount(0)(post)).toEqual({ ...post, commentCount: 0 });
  });
});
