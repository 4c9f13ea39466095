/**
 * `pnpm bench:soak`: the production server (apps/web/server.ts) on a fresh
 * SQLite database, held under SOAK_CONNECTIONS connections for SOAK_SECONDS,
 * each cycling through the account's reads — who am I, over tRPC and REST,
 * anonymous and through an API token, and the profile — and its write, a new
 * display name (tRPC), as its own user. While the demo is in, the cycle also
 * reads the feed (tRPC and REST), a post and its comments, and writes a post
 * (tRPC), a comment, a like and its unlike (REST), on 2,000 seeded posts.
 *
 *   pnpm bench:soak                                  64 connections for 60 s
 *   SOAK_SECONDS=10 pnpm bench:soak                  the short version `pnpm test` runs
 *   SOAK_CONNECTIONS=100 SOAK_SECONDS=300 pnpm bench:soak
 *
 * Needs `pnpm build`. Prints req/s, p50/p99 latency, the server's peak RSS and
 * the answers counted by status, per kind of request. 429s are expected — each
 * user may write 120 times a minute (RATE_LIMITS.mutationsPerUser) and the
 * connections try to write faster — and counted apart; any other non-2xx
 * answer, socket error or timeout fails the run (exit 1).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformer } from "@trellis/api/transformer";
import { openDatabase } from "@trellis/db";
import autocannon from "autocannon";
import { buildLargeSeed } from "./large-seed";
import {
  createTokenUsers,
  type ProductionServer,
  positiveFromEnv,
  requireBuild,
  startProductionServer,
  type TokenUser,
} from "./production-server";

const SECONDS = positiveFromEnv("SOAK_SECONDS", 60);
const CONNECTIONS = positiveFromEnv("SOAK_CONNECTIONS", 64);

requireBuild("bench:soak");

const scratch = mkdtempSync(join(tmpdir(), "trellis-soak-"));
const databaseUrl = `file:${join(scratch, "soak.db")}`;

/** The demo's rows: 100 authors, 2,000 posts, 10,000 likes; their ids. */
async function seedPosts(): Promise<string[]> {
  console.log("Seeding 100 users, 2,000 posts, 10,000 likes…");
  const seed = buildLargeSeed({ users: 100, posts: 2_000, likes: 10_000 });
  const database = await openDatabase(databaseUrl);
  await database.insertSeed(seed);
  await database.close();
  return seed.posts.map((post) => post.id);
}
const postIds = await seedPosts();
console.log("Making a user with an API token per connection…");
const users = await createTokenUsers(databaseUrl, CONNECTIONS, "soak");

/** A query's `?input=` in tRPC's wire format (devalue, ADR 019). */
const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify(transformer.input.serialize(input)));

/** What autocannon keeps per connection: its user, and how many times it renamed itself. */
interface Connection {
  index: number;
  user: TokenUser;
  renames: number;
}
const connections = new WeakMap<object, Connection>();
let connectionCount = 0;
function connectionOf(context: object): Connection {
  let connection = connections.get(context);
  if (!connection) {
    const index = connectionCount++;
    connection = { index, user: users[index % users.length] as TokenUser, renames: 0 };
    connections.set(context, connection);
  }
  return connection;
}

const json = { "content-type": "application/json" };
const asUser = (connection: Connection) => ({ ...json, authorization: `Bearer ${connection.user.token}` });

/** Answers by kind of request ("read: …" or "write: …"), then by status. */
const answers = new Map<string, Map<number, number>>();
function counted(kind: string, request: autocannon.Request): autocannon.Request {
  return {
    ...request,
    onResponse: (status) => {
      const byStatus = answers.get(kind) ?? new Map<number, number>();
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      answers.set(kind, byStatus);
    },
  };
}

/** A request made as the connection's own user, through its API token. */
const withToken = (request: autocannon.Request): autocannon.Request => ({
  ...request,
  setupRequest: (prepared, context) => ({ ...prepared, headers: asUser(connectionOf(context)) }),
});

/** The account, which stays when the demo goes: five reads, one write. */
const accountRequests: autocannon.Request[] = [
  counted("read: me, anonymous (tRPC)", { method: "GET", path: "/api/trpc/account.me" }),
  counted("read: me (tRPC)", withToken({ method: "GET", path: "/api/trpc/account.me" })),
  counted("read: me, anonymous (REST)", { method: "GET", path: "/api/v1/me" }),
  counted("read: me (REST)", withToken({ method: "GET", path: "/api/v1/me" })),
  counted("read: profile (tRPC)", withToken({ method: "GET", path: "/api/trpc/account.profile" })),
  counted("write: display name (tRPC)", {
    method: "POST",
    path: "/api/trpc/account.updateProfile",
    setupRequest: (request, context) => {
      const connection = connectionOf(context);
      const name = `soak ${connection.index} #${connection.renames++}`;
      return { ...request, headers: asUser(connection), body: JSON.stringify(transformer.input.serialize({ name })) };
    },
  }),
];

const randomPost = () => postIds[Math.floor(Math.random() * postIds.length)] as string;
/** The post each connection liked last, by its index, to unlike it next. */
const lastLiked = new Map<number, { likes: number; postId: string }>();

/** The demo's posts, comments and likes: five reads, four writes. */
const demoRequests: autocannon.Request[] = [
  counted("read: feed (tRPC)", { method: "GET", path: `/api/trpc/post.list?input=${trpcInput({ limit: 20 })}` }),
  counted("write: post (tRPC)", {
    method: "POST",
    path: "/api/trpc/post.create",
    setupRequest: (request, context) => ({
      ...request,
      headers: asUser(connectionOf(context)),
      body: JSON.stringify(transformer.input.serialize({ title: "Soak", body: "Written under sustained load." })),
    }),
  }),
  counted("read: a post (REST)", {
    method: "GET",
    setupRequest: (request) => ({ ...request, path: `/api/v1/posts/${randomPost()}` }),
  }),
  counted("write: comment (REST)", {
    method: "POST",
    setupRequest: (request, context) => ({
      ...request,
      path: `/api/v1/posts/${randomPost()}/comments`,
      headers: asUser(connectionOf(context)),
      body: JSON.stringify({ body: "A comment under load." }),
    }),
  }),
  counted("read: comments (tRPC)", {
    method: "GET",
    setupRequest: (request) => ({
      ...request,
      path: `/api/trpc/comment.list?input=${trpcInput({ postId: randomPost(), limit: 20 })}`,
    }),
  }),
  counted("write: like (REST)", {
    method: "POST",
    setupRequest: (request, context) => {
      // Each connection's own user, down its own stride of posts, so a like is never a repeat (409).
      const connection = connectionOf(context);
      const likes = lastLiked.get(connection.index)?.likes ?? 0;
      const postId = postIds[(connection.index + likes * CONNECTIONS) % postIds.length] as string;
      lastLiked.set(connection.index, { likes: likes + 1, postId });
      return { ...request, path: `/api/v1/posts/${postId}/likes`, headers: asUser(connection) };
    },
  }),
  counted("read: feed (REST)", { method: "GET", path: "/api/v1/posts?limit=20" }),
  counted("write: unlike (REST)", {
    method: "DELETE",
    setupRequest: (request, context) => {
      const connection = connectionOf(context);
      const postId = lastLiked.get(connection.index)?.postId;
      return { ...request, path: `/api/v1/posts/${postId}/likes`, headers: asUser(connection) };
    },
  }),
  counted("read: a post (tRPC)", {
    method: "GET",
    setupRequest: (request) => ({ ...request, path: `/api/trpc/post.byId?input=${trpcInput({ id: randomPost() })}` }),
  }),
];

/** One cycle of a connection. */
const requests: autocannon.Request[] = [...accountRequests, ...demoRequests];

/** A process's resident memory in MB, from /proc (Linux); null elsewhere. */
function rssMb(pid: number | undefined): number | null {
  try {
    const kb = Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    return kb ? Math.round(kb / 1024) : null;
  } catch {
    return null; // not Linux, or gone
  }
}

/** The peak resident memory of a process while `during` runs, sampled twice a second. */
async function peakRss<T>(pid: number | undefined, during: Promise<T>): Promise<{ result: T; peakMb: number | null }> {
  let peak: number | null = null;
  const sample = () => {
    const now = rssMb(pid);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  };
  const timer = setInterval(sample, 500);
  const result = await during;
  clearInterval(timer);
  sample();
  return { result, peakMb: peak };
}

let server: ProductionServer | undefined;
let failed = false;
try {
  // Embedded everything (in-process events, jobs and limits): the scaled-out setup is another soak.
  server = await startProductionServer({
    databaseUrl,
    authSecret: randomBytes(32).toString("base64url"),
    env: { REDIS_URL: "" },
  });
  console.log(`Soaking ${server.baseURL}: ${CONNECTIONS} connections for ${SECONDS} s…`);
  const rssBefore = rssMb(server.process.pid);
  const { result, peakMb } = await peakRss(
    server.process.pid,
    autocannon({ url: server.baseURL, connections: CONNECTIONS, duration: SECONDS, timeout: 30, requests }),
  );
  if (server.process.exitCode !== null) throw new Error(`The server died during the soak:\n${server.output()}`);

  const statuses = new Map<number, number>();
  for (const byStatus of answers.values()) {
    for (const [status, count] of byStatus) statuses.set(status, (statuses.get(status) ?? 0) + count);
  }
  const isExpected = (status: number) => (status >= 200 && status < 300) || status === 429;
  const unexpected = [...statuses].filter(([status]) => !isExpected(status));
  const show = (byStatus: Map<number, number>) =>
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}: ${count}`)
      .join(", ");

  console.log(
    `\nNode ${process.versions.node}, ${CONNECTIONS} connections, ${SECONDS} s, production server on SQLite\n`,
  );
  console.log(`requests: ${result.requests.total} (${Math.round(result.requests.average)} req/s on average)`);
  console.log(
    `latency: p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
  );
  console.log(`server RSS: ${rssBefore ?? "n/a"} MB before the load, ${peakMb ?? "n/a"} MB at its peak`);
  console.log(`answers: ${show(statuses)}; socket errors: ${result.errors}, timeouts: ${result.timeouts}`);
  for (const [kind, byStatus] of [...answers].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${kind.padEnd(30)} ${show(byStatus)}`);
  }
  if (unexpected.length || result.errors || result.timeouts) {
    failed = true;
    console.log(`\nSoak FAILED: answers other than 2xx and 429, or connections that broke.`);
    console.log(`The server's last output:\n${server.output().slice(-4_000)}`);
  } else {
    console.log("\nSoak passed: every answer a 2xx or an expected 429, no socket error, no timeout.");
  }
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
