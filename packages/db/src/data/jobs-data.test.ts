import { afterAll, describe, expect, it } from "vitest";

import { createTestDatabase } from "../testing";
import type { NewJob } from "./types";

/**
 * The queue table and what jobs read and write, on whichever dialect this run
 * is for: the table backend of packages/jobs relies on exactly this.
 */
const database = await createTestDatabase();
const { data, queries } = database;
afterAll(() => database.close());

const at = (iso: string) => new Date(iso);
const T0 = at("2030-01-01T00:00:00.000Z");
const later = (ms: number, from = T0) => new Date(from.getTime() + ms);

const newJob = (over: Partial<NewJob> = {}): NewJob => ({
  name: "test.job",
  payload: JSON.stringify({ n: 1 }),
  idempotencyKey: null,
  maxAttempts: 3,
  backoffMs: 100,
  runAt: T0,
  ...over,
});

/** Empties the queue between tests: each test states the jobs it expects. */
async function drainAll() {
  for (;;) {
    const job = await data.jobs.claim({ now: later(10 ** 12), leaseUntil: later(2 * 10 ** 12) });
    if (!job) return;
    await data.jobs.fail({ id: job.id, attempt: job.attempts, error: "cleared", retryAt: null, now: T0 });
    await data.jobs.discard(job.id);
  }
}

describe("enqueueing", () => {
  it("stores a job once per idempotency key, and any number without one", async () => {
    const first = await data.jobs.enqueue(newJob({ idempotencyKey: "welcome:1" }));
    const again = await data.jobs.enqueue(newJob({ idempotencyKey: "welcome:1", payload: "{}" }));
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect((await data.jobs.byId(first.id))?.payload).toBe(JSON.stringify({ n: 1 }));

    const a = await data.jobs.enqueue(newJob());
    const b = await data.jobs.enqueue(newJob());
    expect(a.id).not.toBe(b.id);
    await drainAll();
  });
});

describe("claiming", () => {
  it("takes the oldest due job, marks it active and counts the attempt", async () => {
    const future = await data.jobs.enqueue(newJob({ runAt: later(60_000) }));
    const newer = await data.jobs.enqueue(newJob({ runAt: later(10) }));
    const older = await data.jobs.enqueue(newJob({ runAt: T0 }));

    const claimed = await data.jobs.claim({ now: later(20), leaseUntil: later(1_000) });
    expect(claimed).toMatchObject({ id: older.id, state: "active", attempts: 1, lockedUntil: later(1_000) });
    expect((await data.jobs.claim({ now: later(20), leaseUntil: later(1_000) }))?.id).toBe(newer.id);
    // The third is not due yet.
    expect(await data.jobs.claim({ now: later(20), leaseUntil: later(1_000) })).toBeUndefined();
    expect((await data.jobs.byId(future.id))?.state).toBe("waiting");
    await drainAll();
  });

  it("is one statement, and on Postgres skips rows other claims hold", async () => {
    await data.jobs.enqueue(newJob());
    queries.length = 0;
    await data.jobs.claim({ now: T0, leaseUntil: later(1_000) });
    const statements = queries.filter((q) => !/^(begin|commit|savepoint|release)/i.test(q.trim()));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^update/i);
    if (database.dialect === "postgres") expect(statements[0]).toMatch(/for update skip locked/i);
    await drainAll();
  });

  it("never hands one job to two workers claiming at once", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 8; i++) ids.add((await data.jobs.enqueue(newJob())).id);
    const claims = await Promise.all(
      Array.from({ length: 12 }, () => data.jobs.claim({ now: T0, leaseUntil: later(1_000) })),
    );
    const taken = claims.flatMap((job) => (job ? [job.id] : []));
    expect(taken.sort()).toEqual([...ids].sort());
    await drainAll();
  });

  it("takes over a job whose lease ran out, and the old attempt can no longer finish it", async () => {
    const { id } = await data.jobs.enqueue(newJob());
    const first = await data.jobs.claim({ now: T0, leaseUntil: later(1_000) });
    expect(first?.attempts).toBe(1);
    // Still leased: nobody else gets it.
    expect(await data.jobs.claim({ now: later(999), leaseUntil: later(2_000) })).toBeUndefined();

    const second = await data.jobs.claim({ now: later(1_000), leaseUntil: later(5_000) });
    expect(second).toMatchObject({ id, attempts: 2 });
    expect(await data.jobs.complete({ id, attempt: 1, now: later(1_100) })).toBe(false);
    expect(await data.jobs.extendLease({ id, attempt: 1, leaseUntil: later(9_000) })).toBe(false);
    expect(await data.jobs.extendLease({ id, attempt: 2, leaseUntil: later(9_000) })).toBe(true);
    expect(await data.jobs.complete({ id, attempt: 2, now: later(1_200) })).toBe(true);
    expect(await data.jobs.byId(id)).toMatchObject({ state: "done", lockedUntil: null, finishedAt: later(1_200) });
  });
});

describe("failing, retrying, discarding", () => {
  it("waits again until retryAt, then fails for good; an admin retry restores every attempt", async () => {
    const { id } = await data.jobs.enqueue(newJob());
    const first = await data.jobs.claim({ now: T0, leaseUntil: later(1_000) });
    expect(
      await data.jobs.fail({ id, attempt: first?.attempts ?? 0, error: "boom 1", retryAt: later(500), now: T0 }),
    ).toBe(true);
    expect(await data.jobs.byId(id)).toMatchObject({ state: "waiting", runAt: later(500), lastError: "boom 1" });
    expect(await data.jobs.claim({ now: later(499), leaseUntil: later(1_000) })).toBeUndefined();

    const second = await data.jobs.claim({ now: later(500), leaseUntil: later(1_500) });
    expect(second?.attempts).toBe(2);
    await data.jobs.fail({ id, attempt: 2, error: "boom 2", retryAt: null, now: later(600) });
    expect(await data.jobs.byId(id)).toMatchObject({ state: "failed", lastError: "boom 2", finishedAt: later(600) });
    expect(await data.jobs.counts()).toMatchObject({ failed: 1 });
    expect((await data.jobs.failed({ limit: 10 })).map((job) => job.id)).toEqual([id]);

    expect(await data.jobs.retry({ id, now: later(700) })).toBe(true);
    expect(await data.jobs.byId(id)).toMatchObject({
      state: "waiting",
      attempts: 0,
      runAt: later(700),
      finishedAt: null,
    });
    expect(await data.jobs.retry({ id, now: later(700) })).toBe(false); // only failed jobs
    expect(await data.jobs.discard(id)).toBe(false); // likewise

    const third = await data.jobs.claim({ now: later(700), leaseUntil: later(2_000) });
    expect(third?.attempts).toBe(1);
    await data.jobs.fail({ id, attempt: 1, error: "boom 3", retryAt: null, now: later(800) });
    expect(await data.jobs.discard(id)).toBe(true);
    expect(await data.jobs.byId(id)).toBeUndefined();
  });

  it("counts jobs by state, and prunes done jobs and old receipts", async () => {
    await drainAll();
    await data.jobs.prune({ doneBefore: later(10 ** 12), receiptsBefore: T0 });
    expect(await data.jobs.counts()).toEqual({ waiting: 0, active: 0, done: 0, failed: 0 });
    const done = await data.jobs.enqueue(newJob());
    await data.jobs.enqueue(newJob({ runAt: later(60_000) }));
    const claimed = await data.jobs.claim({ now: T0, leaseUntil: later(1_000) });
    expect(claimed?.id).toBe(done.id);
    expect(await data.jobs.counts()).toEqual({ waiting: 1, active: 1, done: 0, failed: 0 });
    await data.jobs.complete({ id: done.id, attempt: 1, now: T0 });
    expect(await data.jobs.counts()).toEqual({ waiting: 1, active: 0, done: 1, failed: 0 });

    await data.jobReceipts.add("old:send");
    await data.jobs.prune({ doneBefore: later(1), receiptsBefore: new Date(Date.now() - 60_000) });
    expect(await data.jobs.byId(done.id)).toBeUndefined();
    expect(await data.jobs.counts()).toEqual({ waiting: 1, active: 0, done: 0, failed: 0 });
    expect(await data.jobReceipts.has("old:send")).toBe(true); // younger than the cutoff
    await data.jobs.prune({ doneBefore: T0, receiptsBefore: new Date(Date.now() + 60_000) });
    expect(await data.jobReceipts.has("old:send")).toBe(false);
    await drainAll();
  });
});

describe("receipts", () => {
  it("remember a key, and tolerate recording it twice", async () => {
    expect(await data.jobReceipts.has("job-1:send")).toBe(false);
    await data.jobReceipts.add("job-1:send");
    await data.jobReceipts.add("job-1:send");
    expect(await data.jobReceipts.has("job-1:send")).toBe(true);
  });
});

describe("jobs stored with a write (the outbox)", () => {
  it("exist exactly when the sign-up does", async () => {
    await drainAll();
    const welcome = (userId: string) => [newJob({ name: "email.welcome", idempotencyKey: `welcome:${userId}` })];
    const user = await data.accounts.signUp({
      email: "outbox@example.com",
      name: "O",
      passwordHash: "h",
      jobs: (u) => welcome(u.id),
    });
    expect(user).toBeDefined();
    const job = await data.jobs.claim({ now: T0, leaseUntil: later(1_000) });
    expect(job).toMatchObject({ name: "email.welcome", idempotencyKey: `welcome:${user?.id}` });

    // A taken email rolls back the whole write: no job either.
    const taken = await data.accounts.signUp({
      email: "outbox@example.com",
      name: "O2",
      passwordHash: "h",
      jobs: () => [newJob({ name: "email.welcome", idempotencyKey: "welcome:never" })],
    });
    expect(taken).toBeUndefined();
    expect(await data.jobs.claim({ now: T0, leaseUntil: later(1_000) })).toBeUndefined();
    await drainAll();
  });

  it("are rolled back with the write when storing them fails", async () => {
    const before = await data.jobs.counts();
    let created: string | undefined;
    await expect(
      data.accounts.signUp({
        email: "rolled-back@example.com",
        name: "Rolled back",
        passwordHash: "h",
        // The second job cannot be stored (no valid run_at): the user, its account and the first job go too.
        jobs: (u) => {
          created = u.id;
          return [newJob(), newJob({ runAt: new Date(Number.NaN) })];
        },
      }),
    ).rejects.toThrow();
    expect(created).toBeDefined();
    expect(await data.users.byId(created ?? "")).toBeUndefined();
    expect(await data.accounts.credentials("rolled-back@example.com")).toBeUndefined();
    expect(await data.jobs.counts()).toEqual(before);
  });
});

describe("post exports", () => {
  it("are created pending with their job, then hold the file once ready", async () => {
    const owner = await data.users.create({ email: "admin-export@example.com", name: "Admin" });
    const created = await data.postExports.create({
      requestedBy: owner.id,
      jobs: (e) => [newJob({ name: "export.posts-csv", payload: JSON.stringify({ exportId: e.id }) })],
    });
    expect(created).toMatchObject({ requestedBy: owner.id, status: "pending", rowCount: null, completedAt: null });
    const job = await data.jobs.claim({ now: T0, leaseUntil: later(1_000) });
    expect(job?.payload).toBe(JSON.stringify({ exportId: created.id }));
    expect(await data.postExports.file(created.id)).toBeUndefined();

    await data.postExports.complete({ id: created.id, csv: "id,title\r\n", rowCount: 0, now: later(5) });
    expect(await data.postExports.byId(created.id)).toMatchObject({
      status: "ready",
      rowCount: 0,
      completedAt: later(5),
    });
    expect(await data.postExports.file(created.id)).toEqual({ csv: "id,title\r\n", createdAt: created.createdAt });

    const failing = await data.postExports.create({ requestedBy: owner.id });
    await data.postExports.fail({ id: failing.id, error: "disk full", now: later(9) });
    expect(await data.postExports.byId(failing.id)).toMatchObject({ status: "failed", error: "disk full" });
    expect(await data.postExports.file(failing.id)).toBeUndefined();
    await drainAll();
  });
});

describe("the weekly digest", () => {
  it("lists the week's most liked posts and others' new comments on the user's posts", async () => {
    const me = await data.users.create({ email: "digest-me@example.com", name: "Me" });
    const them = await data.users.create({ email: "digest-them@example.com", name: "Them" });
    const since = new Date(Date.now() - 60_000);

    const mine = await data.posts.create({ title: "Mine", body: "…", authorId: me.id });
    const popular = await data.posts.create({ title: "Popular", body: "…", authorId: them.id });
    await data.likes.set({ userId: me.id, postId: popular.id, liked: true });
    await data.likes.set({ userId: them.id, postId: popular.id, liked: true });
    await data.likes.set({ userId: them.id, postId: mine.id, liked: true });
    const theirs = await data.comments.create({ postId: mine.id, body: "Nice one", authorId: them.id });
    await data.comments.create({ postId: mine.id, body: "My own reply", authorId: me.id });
    await data.comments.create({ postId: popular.id, body: "Not on my post", authorId: them.id });

    const digest = await data.reports.weeklyDigest({ userId: me.id, since, limit: 5 });
    expect(digest.topPosts.map((p) => [p.title, p.likeCount])).toEqual([
      ["Popular", 2],
      ["Mine", 1],
    ]);
    expect(digest.topPosts[1]).toMatchObject({ authorName: "Me", commentCount: 2 });
    expect(digest.newComments).toEqual([
      {
        id: theirs?.id,
        postId: mine.id,
        postTitle: "Mine",
        authorName: "Them",
        body: "Nice one",
        createdAt: theirs?.createdAt,
      },
    ]);

    const later = await data.reports.weeklyDigest({ userId: me.id, since: new Date(Date.now() + 60_000), limit: 5 });
    expect(later).toEqual({ topPosts: [], newComments: [] });
  });
});
