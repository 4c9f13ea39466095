import type { Mailer } from "@trellis/auth";
import { POSTS_CSV_HEADER, parseCsv } from "@trellis/jobs";
import { describe, expect, it } from "vitest";

import { MISSING_ID, setupRouterTest } from "../testing";

const { as, testDb, jobs, mailer, runJobs, alice, bob } = await setupRouterTest();
const { data } = testDb;

/** A mail server that is down. */
const downMailer: Mailer = {
  destination: "smtp",
  send: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:587")),
};
const runJobsWhileMailIsDown = () => jobs.runDue({ data, mailer: downMailer, appUrl: "http://trellis.test" });

describe("admin.jobs", () => {
  it("counts jobs, lists a failed one with its error, and retries it", async () => {
    await runJobs(); // whatever setup queued
    const before = await as.ada.admin.jobs.counts();
    const { id } = await jobs.enqueue("email.welcome", { userId: alice.id }, { attempts: 1 });
    expect(await as.ada.admin.jobs.counts()).toEqual({ ...before, waiting: before.waiting + 1 });

    await runJobsWhileMailIsDown();
    expect(await as.ada.admin.jobs.counts()).toMatchObject({ waiting: before.waiting, failed: before.failed + 1 });
    const failed = await as.ada.admin.jobs.failed({});
    expect(failed[0]).toMatchObject({
      id,
      name: "email.welcome",
      payload: JSON.stringify({ userId: alice.id }),
      attempts: 1,
      error: "connect ECONNREFUSED 127.0.0.1:587",
    });

    mailer.sent.length = 0;
    expect(await as.ada.admin.jobs.retry({ id })).toEqual({ id });
    await runJobs();
    expect(mailer.sent).toEqual([expect.objectContaining({ to: "alice@example.com", subject: "Welcome to Trellis" })]);
    expect((await as.ada.admin.jobs.failed({})).map((job) => job.id)).not.toContain(id);
    await expect(as.ada.admin.jobs.retry({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("discards a failed job for good", async () => {
    const { id } = await jobs.enqueue("email.welcome", { userId: bob.id }, { attempts: 1 });
    await runJobsWhileMailIsDown();
    expect(await as.ada.admin.jobs.discard({ id })).toEqual({ id });
    expect((await as.ada.admin.jobs.failed({})).map((job) => job.id)).not.toContain(id);
    await expect(as.ada.admin.jobs.discard({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.ada.admin.jobs.retry({ id: "not a job id!" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("queues one weekly digest per user, once per week", async () => {
    await runJobs();
    const before = await as.ada.admin.jobs.counts();
    const users = (await data.users.list({ limit: 100 })).items.length;
    expect(await as.ada.admin.jobs.sendDigests()).toEqual({ users });
    expect((await as.ada.admin.jobs.counts()).waiting).toBe(before.waiting + users);
    await as.ada.admin.jobs.sendDigests();
    expect((await as.ada.admin.jobs.counts()).waiting).toBe(before.waiting + users);
    await runJobs();
  });

  it("is for admins only", async () => {
    await expect(as.bob.admin.jobs.counts()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as.anonymous.admin.jobs.failed({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("admin.exports", () => {
  it("builds a CSV of exactly the posts in the database, downloadable once ready", async () => {
    await as.alice.post.create({ title: "First", body: "one" });
    await as.bob.post.create({ title: "@Second", body: "two, with a comma" });

    const started = await as.ada.admin.exports.start();
    expect(started).toMatchObject({ status: "pending", rowCount: null });
    await expect(as.ada.admin.exports.download({ id: started.id })).rejects.toMatchObject({ code: "CONFLICT" });

    await runJobs();
    const posts = (await data.posts.list({ viewerId: null, limit: 100 })).items;
    expect(await as.ada.admin.exports.status({ id: started.id })).toMatchObject({
      status: "ready",
      rowCount: posts.length,
    });
    const file = await as.ada.admin.exports.download({ id: started.id });
    expect(file.filename).toMatch(/^posts-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = parseCsv(file.csv);
    expect(header).toEqual([...POSTS_CSV_HEADER]);
    expect(rows.map((row) => row[0]).sort()).toEqual(posts.map((post) => post.id).sort());
    expect(rows.map((row) => row[1])).toContain("'@Second");
  });

  it("answers NOT_FOUND for an unknown export, and FORBIDDEN to a non-admin", async () => {
    await expect(as.ada.admin.exports.status({ id: MISSING_ID })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.ada.admin.exports.download({ id: MISSING_ID })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.bob.admin.exports.start()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
