import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { setupRouterTest } from "./testing";
import type { Viewer } from "./trpc";

/**
 * Many requests at once, through the same procedures the HTTP adapter calls.
 * On Postgres they really run in parallel (a pool of connections); on SQLite
 * they queue for the one writer. Either way the counts must come out exact.
 */
const { testDb, as, callerFor } = await setupRouterTest();

async function createViewers(n: number, label: string): Promise<Viewer[]> {
  const viewers: Viewer[] = [];
  for (let i = 0; i < n; i++) {
    const { id, name, role } = await testDb.data.users.create({
      email: `${label}${i}@example.com`,
      name: `${label} ${i}`,
    });
    viewers.push({ id, name, role, via: "session" });
  }
  return viewers;
}

const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === "fulfilled" ? "OK" : result.reason instanceof TRPCError ? result.reason.code : "?";

describe("under concurrency", () => {
  it("100 simultaneous API tokens all land, each once", async () => {
    const before = (await as.alice.apiToken.list()).length;
    const created = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        as.alice.apiToken.create({ name: `Burst ${i}`, scope: "read", expiresInDays: null }),
      ),
    );
    expect(new Set(created.map(({ token }) => token.id)).size).toBe(100);
    expect(new Set(created.map(({ secret }) => secret)).size).toBe(100);

    const ids = (await as.alice.apiToken.list()).map((token) => token.id);
    expect(ids).toHaveLength(before + 100);
    expect(ids).toEqual(expect.arrayContaining(created.map(({ token }) => token.id)));
  });

  it("two simultaneous revocations of one token: one lands, the other is NOT_FOUND", async () => {
    const users = await createViewers(100, "revoker");
    const tokens = await Promise.all(
      users.map((user) => callerFor(user).apiToken.create({ name: "Twice", scope: "read", expiresInDays: null })),
    );
    const pairs = await Promise.all(
      users.map((user, i) => {
        const revoke = () => callerFor(user).apiToken.revoke({ id: tokens[i]?.token.id ?? "" });
        return Promise.allSettled([revoke(), revoke()]);
      }),
    );
    // Per token: whichever ran first revoked it; the other found nothing live to revoke.
    for (const pair of pairs) expect(pair.map(codeOf).sort()).toEqual(["NOT_FOUND", "OK"]);
    for (const user of users) expect(await callerFor(user).apiToken.list()).toEqual([]);
  });

  it("200 simultaneous likes count to exactly 200, each seeing its own place in line", async () => {
    const post = await as.alice.post.create({ title: "Popular", body: "…" });
    const fans = await createViewers(200, "fan");

    const results = await Promise.all(fans.map((fan) => callerFor(fan).like.add({ postId: post.id })));

    expect(results.every((r) => r.liked)).toBe(true);
    // Each like counted inside its own transaction: the counts are 1…200, no two alike.
    expect(results.map((r) => r.likeCount).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await as.alice.post.byId({ id: post.id })).toMatchObject({ likeCount: 200 });
  });

  it("two simultaneous likes by one user: one lands, the other is a CONFLICT; two unlikes both succeed", async () => {
    const post = await as.alice.post.create({ title: "Double-clicked", body: "…" });
    const users = await createViewers(100, "twice");
    const twiceEach = (call: (user: Viewer) => Promise<unknown>) =>
      Promise.all(users.map((user) => Promise.allSettled([call(user), call(user)])));
    const adds = await twiceEach((user) => callerFor(user).like.add({ postId: post.id }));
    // Per user: whichever ran first liked it; the other found it liked.
    for (const pair of adds) expect(pair.map(codeOf).sort()).toEqual(["CONFLICT", "OK"]);
    expect(await as.alice.post.byId({ id: post.id })).toMatchObject({ likeCount: 100 });

    const removes = await twiceEach((user) => callerFor(user).like.remove({ postId: post.id }));
    for (const pair of removes) expect(pair.map(codeOf)).toEqual(["OK", "OK"]);
    expect(await as.alice.post.byId({ id: post.id })).toMatchObject({ likeCount: 0, viewerHasLiked: false });
  });

  it("100 simultaneous posts all land, each once", async () => {
    const before = (await as.anonymous.post.list({ limit: 50 })).items.length;
    const created = await Promise.all(
      Array.from({ length: 100 }, (_, i) => as.bob.post.create({ title: `Burst ${i}`, body: "…" })),
    );
    expect(new Set(created.map((p) => p.id)).size).toBe(100);

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof as.anonymous.post.list>> = await as.anonymous.post.list({
        limit: 50,
        cursor,
      });
      ids.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(before + 100);
    expect(ids).toEqual(expect.arrayContaining(created.map((p) => p.id)));
  });
});
