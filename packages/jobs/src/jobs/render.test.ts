import { describe, expect, it } from "vitest";

import { weekOf } from "./index";
import { renderDigest } from "./weekly-digest";

describe("the weekly digest email", () => {
  it("lists top posts with their counts and links, and others' comments, shortened", () => {
    const text = renderDigest(
      "Ada",
      {
        topPosts: [
          { id: "p1", title: "Keyset pagination", authorName: "Lee", likeCount: 3, commentCount: 1 },
          { id: "p2", title: "WAL mode", authorName: "Ada", likeCount: 1, commentCount: 0 },
        ],
        newComments: [
          {
            id: "c1",
            postId: "p2",
            postTitle: "WAL mode",
            authorName: "Sam",
            body: "x".repeat(200),
            createdAt: new Date(),
          },
        ],
      },
      "https://trellis.example",
    );
    expect(text).toContain("Hi Ada,");
    expect(text).toContain("1. Keyset pagination, by Lee (3 likes, 1 comment)\n   https://trellis.example/posts/p1");
    expect(text).toContain("2. WAL mode, by Ada (1 like, 0 comments)");
    expect(text).toContain(`- Sam on "WAL mode": ${"x".repeat(139)}…\n  https://trellis.example/posts/p2`);
  });

  it("leaves out a section with nothing in it", () => {
    const text = renderDigest("Ada", { topPosts: [], newComments: [] }, "https://trellis.example");
    expect(text).not.toContain("Top posts");
    expect(text).not.toContain("New comments");
  });
});

describe("weekOf", () => {
  it("names a week by its Monday (UTC)", () => {
    expect(weekOf(new Date("2030-01-28T00:00:00Z"))).toBe("2030-01-28"); // a Monday
    expect(weekOf(new Date("2030-02-03T23:59:59Z"))).toBe("2030-01-28"); // the Sunday after
    expect(weekOf(new Date("2030-02-04T00:00:00Z"))).toBe("2030-02-04");
  });
});
