/**
 * `pnpm bench:crash`: does a write the server acknowledged survive the server
 * dying? Each round starts the production server (apps/web/server.ts) on one
 * SQLite file, has several clients rename their users as fast as it answers
 * (`account.updateProfile`, through the typed client: half on the lean path,
 * half streamed through Next's stock handler), kills the server with SIGKILL
 * at a random moment mid-load, restarts it on the same file, and checks that
 * `PRAGMA integrity_check` says ok, that every user holds the last name it
 * was acknowledged with — or the one sent after it, which the kill cut off
 * after the commit but before the answer — and that the restarted server
 * serves each user's stored name.
 *
 * The writes are the account's, not the demo's posts, so the test stays when
 * `pnpm demo:remove` takes the posts out. Each user is renamed by one client
 * only, one call at a time, so its last acknowledged name is well defined.
 *
 *   pnpm bench:crash                                 5 rounds of up to 8 s of load
 *   CRASH_ROUNDS=2 CRASH_SECONDS=3 pnpm bench:crash  the short version `pnpm test` runs
 *   CRASH_CLIENTS=8                                  concurrent writers (each with its own users and API tokens)
 *
 * Needs `pnpm build`. Prints a line per round and a summary; exits 1 on any
 * lost write, a failed integrity check, or a round in which no write was
 * acknowledged (which would prove nothing).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { AppRouter } from "@trellis/api";
import { transformer } from "@trellis/api/transformer";
import { createSqliteDatabase } from "@trellis/db/sqlite/client";
import { createTRPCClient, httpBatchStreamLink, httpLink, isTRPCClientError, type TRPCClient } from "@trpc/client";
import {
  createTokenUsers,
  type ProductionServer,
  positiveFromEnv,
  requireBuild,
  seconds,
  startProductionServer,
  type TokenUser,
} from "./production-server";

const ROUNDS = positiveFromEnv("CRASH_ROUNDS", 5);
const SECONDS = positiveFromEnv("CRASH_SECONDS", 8, { whole: false });
const CLIENTS = positiveFromEnv("CRASH_CLIENTS", 8);
/**
 * Users per writer, taken in turn: each user may make 120 writes a minute
 * (RATE_LIMITS.mutationsPerUser), and the writers go faster than that. 429s
 * are counted, but a round should be mostly writes.
 */
const USERS_PER_CLIENT = 8;
/** A request that takes longer than this counts as unanswered (the server is hung, not just busy). */
const REQUEST_TIMEOUT_MS = 15_000;

requireBuild("bench:crash");

const scratch = mkdtempSync(join(tmpdir(), "trellis-crash-"));
const databaseUrl = `file:${join(scratch, "crash.db")}`;
const serverOptions = {
  databaseUrl,
  authSecret: randomBytes(32).toString("base64url"),
  // In-process events, jobs and rate limits whatever the environment says: this is about SQLite.
  env: { REDIS_URL: "" },
};

/** The production server answers a plain call on its lean path, and hands a streamed batch to Next. */
type Path = "lean" | "next";

interface Tally {
  acknowledged: number;
  byPath: Record<Path, number>;
  /** Answered 429: refused, so never promised. */
  rateLimited: number;
  /** Sent but never answered because the server died: in flight at the kill (one per writer at most). */
  inFlight: number;
  /** Any other answer: each one is a failure of the run. */
  unexpected: Map<string, number>;
}

/**
 * Per user: the last name a write of it was acknowledged with, and the names
 * sent since without an acknowledgement (refused, or cut off by the kill). The
 * file must hold the first or one of the others.
 */
const renames = new Map<string, { acknowledged: string | undefined; sentSince: string[] }>();

/** A typed client for one user's token, on one path, as a teammate's script would hold it. */
function clientFor(server: ProductionServer, user: TokenUser, path: Path): TRPCClient<AppRouter> {
  const options = {
    url: `${server.baseURL}/api/trpc`,
    transformer,
    headers: { authorization: `Bearer ${user.token}` },
  };
  return createTRPCClient<AppRouter>({ links: [path === "lean" ? httpLink(options) : httpBatchStreamLink(options)] });
}

/** One rename; resolves "acknowledged", or why it was not. */
async function rename(
  client: TRPCClient<AppRouter>,
  name: string,
  signal: AbortSignal,
): Promise<"acknowledged" | { status: number | "unanswered"; detail?: string }> {
  try {
    await client.account.updateProfile.mutate({ name }, { signal });
    return "acknowledged";
  } catch (error) {
    const data: unknown = isTRPCClientError(error) ? error.data : undefined;
    const status: unknown = Reflect.get(Object(data), "httpStatus");
    if (typeof status === "number") return { status, detail: errorMessage(error) };
    if (noAnswer(isTRPCClientError(error) ? (error.cause ?? error) : error)) return { status: "unanswered" };
    // An answer that is not a tRPC error (a text or HTML page): the server answered, wrongly.
    return { status: 0, detail: errorMessage(error) };
  }
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

/**
 * Whether a failed call got no answer at all: the connection was refused or cut (fetch's
 * TypeError, "fetch failed" or "terminated"), the streamed answer ended early (tRPC's "Stream
 * closed …"), or the call timed out.
 */
function noAnswer(cause: unknown): boolean {
  const name: unknown = Reflect.get(Object(cause), "name");
  const message: unknown = Reflect.get(Object(cause), "message");
  return (
    cause instanceof TypeError ||
    name === "AbortError" ||
    name === "TimeoutError" ||
    (typeof message === "string" && message.startsWith("Stream closed"))
  );
}

/** One writer: renames its users in turn until the server is killed, recording what was acknowledged. */
async function writer(
  round: number,
  writerIndex: number,
  users: TokenUser[],
  server: ProductionServer,
  killed: AbortSignal,
  tally: Tally,
) {
  const path: Path = writerIndex % 2 === 0 ? "lean" : "next";
  const clients = users.map((user) => clientFor(server, user, path));
  for (let n = 0; ; n++) {
    // Killed while this writer waited out a 429: there is nobody left to send the next write to.
    if (killed.aborted) return;
    const user = users[n % users.length] as TokenUser;
    const name = `round ${round} writer ${writerIndex} write ${n}`;
    const record = renames.get(user.id) ?? { acknowledged: undefined, sentSince: [] };
    renames.set(user.id, record);
    record.sentSince.push(name);
    const outcome = await rename(
      clients[n % users.length] as TRPCClient<AppRouter>,
      name,
      AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    );
    if (outcome === "acknowledged") {
      record.acknowledged = name;
      record.sentSince = [];
      tally.acknowledged += 1;
      tally.byPath[path] += 1;
    } else if (outcome.status === "unanswered") {
      if (!killed.aborted) {
        const key = "no answer while the server was up";
        tally.unexpected.set(key, (tally.unexpected.get(key) ?? 0) + 1);
        continue;
      }
      // The server is gone: this write was in flight, and there is nobody left to send the next to.
      tally.inFlight += 1;
      return;
    } else if (outcome.status === 429) {
      // Refused, so never written: the file may not hold this name.
      record.sentSince.pop();
      tally.rateLimited += 1;
      await new Promise((resolve) => setTimeout(resolve, 250));
    } else {
      // Any other answer fails the run; a 4xx was refused before the write, a 5xx may have come after it.
      if (outcome.status < 500) record.sentSince.pop();
      const key = `${outcome.status} ${outcome.detail ?? ""}`.trim();
      tally.unexpected.set(key, (tally.unexpected.get(key) ?? 0) + 1);
    }
  }
}

/** What the file holds after a restart: its integrity check's verdict, and every user's name by id. */
function readDatabase(): { integrity: string; stored: Map<string, string> } {
  const database = createSqliteDatabase(databaseUrl);
  try {
    const integrity = database.client.pragma("integrity_check", { simple: true });
    const select = database.client.prepare<[string], { id: string; name: string }>(
      "select id, name from users where id in (select value from json_each(?))",
    );
    const rows = select.all(JSON.stringify(users.map((user) => user.id)));
    return { integrity: String(integrity), stored: new Map(rows.map((row) => [row.id, row.name])) };
  } finally {
    void database.close();
  }
}

/**
 * The users whose stored name is neither their last acknowledged one nor one sent after it, as
 * "id: holds …, acknowledged …". A name sent after it that the file holds was written before the
 * kill: it becomes the name the next rounds must find at least.
 */
function findLostRenames(stored: Map<string, string>): { lost: string[]; usersChecked: number } {
  const checked = [...renames].filter(([, record]) => record.acknowledged !== undefined);
  const lost = checked
    .filter(([id, record]) => {
      const name = stored.get(id);
      return name !== record.acknowledged && !record.sentSince.includes(name ?? "");
    })
    .map(([id, record]) => `${id}: holds ${JSON.stringify(stored.get(id))}, acknowledged ${record.acknowledged}`);
  for (const [id, record] of renames) {
    const name = stored.get(id);
    if (name !== undefined && record.sentSince.includes(name)) {
      record.acknowledged = name;
      record.sentSince = [];
    }
  }
  return { lost, usersChecked: checked.length };
}

/** Asks the restarted server for every user's profile, on both paths in turn: it must serve what the file holds. */
async function checkServed(server: ProductionServer, stored: Map<string, string>): Promise<string[]> {
  const failures: string[] = [];
  for (const [index, user] of users.entries()) {
    const path: Path = index % 2 === 0 ? "lean" : "next";
    try {
      const profile = await clientFor(server, user, path).account.profile.query(undefined, {
        signal: AbortSignal.timeout(10_000),
      });
      const name = stored.get(user.id);
      if (profile.name !== name) failures.push(`${user.id}: served ${profile.name}, stored ${name}`);
    } catch (error) {
      failures.push(`${user.id}: account.profile on the ${path} path: ${errorMessage(error)}`);
    }
  }
  return failures;
}

const users = await createTokenUsers(databaseUrl, CLIENTS * USERS_PER_CLIENT, "crash");
const usersOf = (writerIndex: number) =>
  users.slice(writerIndex * USERS_PER_CLIENT, (writerIndex + 1) * USERS_PER_CLIENT);
console.log(
  `Crash test: ${ROUNDS} round(s), ${CLIENTS} writers (half on the lean path, half through Next), SIGKILL within ${SECONDS} s of load, SQLite at ${databaseUrl}`,
);

let failed = false;
let acknowledgedWrites = 0;
let server: ProductionServer | undefined;
try {
  for (let round = 1; round <= ROUNDS; round++) {
    server ??= await startProductionServer(serverOptions);
    const running = server;
    const tally: Tally = {
      acknowledged: 0,
      byPath: { lean: 0, next: 0 },
      rateLimited: 0,
      inFlight: 0,
      unexpected: new Map(),
    };
    const kill = new AbortController();
    const started = performance.now();
    const writers = Array.from({ length: CLIENTS }, (_, writerIndex) =>
      writer(round, writerIndex, usersOf(writerIndex), running, kill.signal, tally),
    );

    // Somewhere between 30 % and 90 % of the load window, without warning.
    const killAfterMs = SECONDS * 1000 * (0.3 + 0.6 * Math.random());
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    kill.abort();
    running.process.kill("SIGKILL");
    const killedAfterMs = performance.now() - started;
    const code = await running.exited;
    const died = running.process.signalCode ?? `exit ${code}`;
    // Gone already: this only removes its scratch folder (the database is the rounds' own).
    await running.stop();
    server = undefined;
    // Each writer stops at its first unanswered write: the one in flight, or its next.
    await Promise.all(writers);

    const restartStarted = performance.now();
    server = await startProductionServer(serverOptions);
    const restartMs = performance.now() - restartStarted;
    const { integrity, stored } = readDatabase();
    const { lost, usersChecked } = findLostRenames(stored);
    const notServed = await checkServed(server, stored);

    const problems = [
      ...(integrity === "ok" ? [] : [`integrity_check: ${integrity}`]),
      ...(lost.length ? [`${lost.length} user(s) lost their last rename, e.g. ${lost.slice(0, 3).join("; ")}`] : []),
      ...(notServed.length ? [`the restarted server did not serve: ${notServed.slice(0, 3).join(", ")}`] : []),
      ...[...tally.unexpected].map(([answer, count]) => `${count}× unexpected answer ${answer}`),
      ...(tally.acknowledged === 0 ? ["no write was acknowledged: the round proves nothing"] : []),
    ];
    if (problems.length) failed = true;
    acknowledgedWrites += tally.acknowledged;
    console.log(
      `round ${round}/${ROUNDS}: ${died} after ${seconds(killedAfterMs)} of load; ` +
        `${tally.acknowledged} writes acknowledged (${tally.byPath.lean} lean, ${tally.byPath.next} through Next), ` +
        `${tally.inFlight} cut off by the kill, ${tally.rateLimited} refused with 429; ` +
        `restarted in ${seconds(restartMs)}; integrity_check ${integrity}; ` +
        `${usersChecked - lost.length}/${usersChecked} users hold their last acknowledged name` +
        (problems.length ? `\n  FAILED: ${problems.join("\n  FAILED: ")}` : ""),
    );
    if (problems.length) console.log(`  the restarted server's output:\n${server.output().slice(-4_000)}`);
  }
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
}

console.log(
  failed
    ? `Crash test FAILED: see above (${acknowledgedWrites} writes acknowledged over ${ROUNDS} round(s)).`
    : `Crash test passed: ${ROUNDS} kill -9 round(s), ${acknowledgedWrites} acknowledged writes, none lost, integrity ok every time.`,
);
process.exit(failed ? 1 : 0);
