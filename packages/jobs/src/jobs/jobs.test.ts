import { createMemoryMailer, hashPassword, hashToken } from "@trellis/auth";
import { createTestDatabase } from "@trellis/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";

import { parseCsv } from "../csv";
import { createTableQueue } from "../table-queue";
import { type AppServices, appJobs, enqueueWeeklyDigests, POSTS_CSV_HEADER } from "./index";

/** The app's jobs, run for real on this run's dialect, with a mailer that keeps what it sends. */
const database = await createTestDatabase();
afterAll(() => database.close());
const { data } = database;
const mailer = createMemoryMailer();
const services: AppServices = { data, mailer, appUrl: "http://trellis.test" };
const queue = createTableQueue(appJobs, data);

beforeEach(() => {
  mailer.sent.length = 0;
});

describe("email.password-reset", () => {
  it("mails a working single-use link to an account's address, and nothing to an unknown one", async () => {
    const user = await data.accounts.signUp({ email: "lost@example.com", name: "Lost", passwordHash: "x" });
    await queue.enqueue("email.password-reset", { email: "Lost@Example.com" });
    await queue.enqueue("email.password-reset", { email: "nobody@example.com" });
    expect(await queue.runDue(services)).toBe(2);

    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({ to: "lost@example.com", subject: "Reset your Trellis password" });
    const token = mailer.sent[0]?.text.match(/http:\/\/trellis\.test\/reset-password\?token=([\w-]{43})/)?.[1] ?? "";
    const redeemed = await data.passwordResets.redeem({
      tokenHash: hashToken(token),
      passwordHash: await hashPassword("a new password"),
      now: new Date(),
    });
    expect(redeemed?.id).toBe(user?.id);
    expect(await queue.counts()).toMatchObject({ done: 2, failed: 0 });
  });

  it("keeps no usable token in the queue: the payload is only the address", async () => {
    const { id } = await queue.enqueue("email.password-reset", { email: "lost@example.com" });
    expect((await data.jobs.byId(id))?.payload).toBe(JSON.stringify({ email: "lost@example.com" }));
    await queue.runDue(services);
    expect(mailer.sent[0]?.text).toMatch(/token=[\w-]{43}/);
    expect((await data.jobs.byId(id))?.payload).not.toMatch(/token/);
  });
});

describe("email.welcome", () => {
  it("greets a new account once, however often it is enqueued", async () => {
    const user = await data.users.create({ email: "new@example.com", name: "Newcomer" });
    for (let i = 0; i < 2; i++) {
      await queue.enqueue("email.welcome", { userId: user.id }, { idempotencyKey: `welcome:${user.id}` });
    }
    await queue.runDue(services);
    expect(mailer.sent).toEqual([expect.objectContaining({ to: "new@example.com", subject: "Welcome to Trellis" })]);
    expect(mailer.sent[0]?.text).toContain("Hi Newcomer,");
  });
});

describe("a job that keeps failing", () => {
  it("is failed after its last attempt, with the error the admin sees", async () => {
    const user = await data.users.create({ email: "unwelcome@example.com", name: "Unwelcome" });
    // A queue whose user lookup always fails, as if the database were gone mid-job.
    const broken = createTableQueue(appJobs, data);
    const failingData = {
      ...data,
      users: { ...data.users, byId: () => Promise.reject(new Error("the database went away")) },
    };
    const { id } = await broken.enqueue("email.welcome", { userId: user.id }, { attempts: 1 });
    await broken.runDue({ ...services, data: failingData });
    expect(mailer.sent).toEqual([]);
    expect((await data.jobs.byId(id))?.state).toBe("failed");
    expect((await queue.failed(10))[0]).toMatchObject({ id, name: "email.welcome", error: "the database went away" });
    // Gone, so the next tests start from a queue with nothing failed.
    expect(await queue.discard(id)).toBe(true);
  });
});

describe("report.weekly-digest", () => {
  it("emails each user their week, once per week, and nothing to a user with nothing new", async () => {
    const author = await data.users.create({ email: "author@example.com", name: "Author" });
    const fan = await data.users.create({ email: "fan@example.com", name: "Fan" });
    const post = await data.posts.create({ title: "Worth reading", body: "…", authorId: author.id });
    await data.likes.set({ userId: fan.id, postId: post.id, liked: true });
    await data.comments.create({ postId: post.id, body: "Loved it", authorId: fan.id });

    const users = await enqueueWeeklyDigests(queue, data);
    expect(users).toBeGreaterThanOrEqual(2);
    expect(await enqueueWeeklyDigests(queue, data)).toBe(users); // same week: the keys add nothing
    await queue.runDue(services);

    const toAuthor = mailer.sent.filter((email) => email.to === "author@example.com");
    expect(toAuthor).toHaveLength(1);
    expect(toAuthor[0]?.subject).toBe("Your week on Trellis");
    expect(toAuthor[0]?.text).toContain("1. Worth reading, by Author (1 like, 1 comment)");
    expect(toAuthor[0]?.text).toContain('- Fan on "Worth reading": Loved it');
    // Everyone sees the week's top posts; one digest per user.
    expect(new Set(mailer.sent.map((email) => email.to)).size).toBe(mailer.sent.length);
    expect(await queue.counts()).toMatchObject({ failed: 0 });
  });
});

describe("export.posts-csv", () => {
  it("writes exactly the posts in the database, with formulas neutralized", async () => {
    const admin = await data.users.create({ email: "exporting-admin@example.com", name: "Admin", role: "admin" });
    await data.posts.create({ title: '=HYPERLINK("http://evil")', body: "line one\nline, two", authorId: admin.id });
    const exported = await queue.enqueueWith(
      (outbox) => data.postExports.create({ requestedBy: admin.id, jobs: outbox }),
      (created: { id: string }) => [{ name: "export.posts-csv", payload: { exportId: created.id } }],
    );
    await queue.runDue(services);

    const done = await data.postExports.byId(exported?.id ?? "");
    const file = await data.postExports.file(exported?.id ?? "");
    const [header, ...rows] = parseCsv(file?.csv ?? "");
    expect(header).toEqual([...POSTS_CSV_HEADER]);

    const all = [];
    for (let page = await data.posts.list({ viewerId: null, limit: 100 }); ; ) {
      all.push(...page.items);
      const last = page.items.at(-1);
      if (!page.nextCursor || !last) break;
      page = await data.posts.list({ viewerId: null, limit: 100, cursor: { createdAt: last.createdAt, id: last.id } });
    }
    expect(done).toMatchObject({ status: "ready", rowCount: all.length });
    expect(rows.map((row) => row[0]).sort()).toEqual(all.map((post) => post.id).sort());
    const evil = rows.find((row) => row[2] === "line one\nline, two");
    expect(evil?.[1]).toBe('\'=HYPERLINK("http://evil")');
    expect(evil?.slice(3, 5)).toEqual([admin.id, "Admin"]);
  });

  it("marks the export failed after its last attempt", async () => {
    const admin = await data.users.create({ email: "unlucky-admin@example.com", name: "Unlucky", role: "admin" });
    const created = await data.postExports.create({ requestedBy: admin.id });
    // A queue whose posts query always fails, as if the database were gone mid-export.
    const broken = createTableQueue(appJobs, data);
    const failingData = {
      ...data,
      posts: { ...data.posts, list: () => Promise.reject(new Error("the database went away")) },
    };
    await broken.enqueue("export.posts-csv", { exportId: created.id }, { attempts: 1 });
    await broken.runDue({ ...services, data: failingData });
    expect(await data.postExports.byId(created.id)).toMatchObject({
      status: "failed",
      error: "the database went away",
    });
    expect((await queue.failed(10))[0]).toMatchObject({ name: "export.posts-csv", error: "the database went away" });
  });
});
