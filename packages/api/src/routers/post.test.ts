import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { MISSING_ID, setupRouterTest } from "../testing";

const { as, alice, testDb } = await setupRouterTest();

describe("post router", () => {
  it("creates a post and shows it first in the feed with its author", async () => {
    const post = await as.alice.post.create({ title: "  Hello  ", body: "First!" });
    expect(post).toMatchObject({ title: "Hello", author: { id: alice.id, name: "Alice" }, likeCount: 0 });

    const feed = await as.anonymous.post.list({});
    expect(feed.items[0]?.id).toBe(post.id);
    expect(await as.bob.post.byId({ id: post.id })).toMatchObject({ id: post.id, viewerHasLiked: false });
  });

  it("rejects invalid input with BAD_REQUEST naming each field", async () => {
    const error = await as.alice.post.create({ title: "", body: "x".repeat(10_001) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const issues = (error as TRPCError).cause;
    expect(issues?.message).toMatch(/Title is required/);
    expect(issues?.message).toMatch(/Body must be at most 10,000 characters/);
  });

  it("lets the author and an admin edit and delete, and nobody else", async () => {
    const post = await as.alice.post.create({ title: "Moderated", body: "…" });
    await expect(as.ada.post.update({ id: post.id, title: "Edited by an admin", body: "…" })).resolves.toMatchObject({
      title: "Edited by an admin",
      author: { name: "Alice" },
    });
    await expect(as.bob.post.delete({ id: post.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.ada.post.delete({ id: post.id })).resolves.toEqual({ id: post.id });
  });

  it("edits only the fields given: the typed client may send one, the web form sends both", async () => {
    const post = await as.alice.post.create({ title: "Partial", body: "Kept as it is." });
    await expect(as.alice.post.update({ id: post.id, title: "Retitled" })).resolves.toMatchObject({
      title: "Retitled",
      body: "Kept as it is.",
    });
    await expect(as.alice.post.update({ id: post.id, body: "Rewritten." })).resolves.toMatchObject({
      title: "Retitled",
      body: "Rewritten.",
    });
    await expect(as.alice.post.update({ id: post.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as.alice.post.update({ id: post.id, title: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("answers NOT_FOUND for an unknown id and for someone else's post", async () => {
    await expect(as.alice.post.byId({ id: MISSING_ID })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const post = await as.alice.post.create({ title: "Mine", body: "…" });
    // Not FORBIDDEN: a stranger learns nothing about what exists.
    await expect(as.bob.post.update({ id: post.id, title: "x", body: "y" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(as.bob.post.delete({ id: post.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.alice.post.update({ id: post.id, title: "Edited", body: "y" })).resolves.toMatchObject({
      title: "Edited",
    });
    await expect(as.alice.post.delete({ id: post.id })).resolves.toEqual({ id: post.id });
    await expect(as.alice.post.byId({ id: post.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("requires a viewer to write", async () => {
    await expect(as.anonymous.post.create({ title: "t", body: "b" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("pages through the feed without duplicates or gaps", async () => {
    for (let i = 0; i < 23; i++) await as.bob.post.create({ title: `Post ${i}`, body: "…" });
    const everything = await as.alice.post.list({ limit: 50 });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof as.alice.post.list>> = await as.alice.post.list({ limit: 5, cursor });
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);

    expect(seen).toEqual(everything.items.map((p) => p.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("keeps the feed at one SQL statement whatever the page size", async () => {
    for (const limit of [1, 10, 24]) {
      testDb.queries.length = 0;
      await as.alice.post.list({ limit });
      expect(testDb.queries).toHaveLength(1);
    }
  });

  it("rejects a tampered cursor and an oversized page as BAD_REQUEST", async () => {
    await expect(as.alice.post.list({ cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as.alice.post.list({ limit: 51 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
