/**
 * `pnpm bench:crash`: does a write the server acknowledged survive the server
 * dying? Each round starts the production server (apps/web/server.ts) on one
 * SQLite file, has several clients write posts as fast as it answers — half
 * through tRPC (the lean path), half through REST (Next) — kills the server
 * with SIGKILL at a random moment mid-load, restarts it on the same file, and
 * checks that `PRAGMA integrity_check` says ok and that every post that got a
 * 2xx, in this round or any before, is there with the title it was sent with.
 *
 *   pnpm bench:crash                                 5 rounds of up to 8 s of load
 *   CRASH_ROUNDS=2 CRASH_SECONDS=3 pnpm bench:crash  the short version `pnpm test` runs
 *   CRASH_CLIENTS=8                                  concurrent writers (each its own user and API token)
 *
 * Needs `pnpm build`. Prints a line per round and a summary; exits 1 on any
 * lost write, a failed integrity check, or a round in which no write was
 * acknowledged (which would prove nothing).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { transformer } from "@trellis/api/transformer";
import { createSqliteDatabase } from "@trellis/db/sqlite/client";
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

interface Tally {
  acknowledged: number;
  byPath: { trpc: number; rest: number };
  /** Answered 429: refused, so never promised. */
  rateLimited: number;
  /** Sent but never answered because the server died: in flight at the kill (one per writer at most). */
  inFlight: number;
  /** Any other answer: each one is a failure of the run. */
  unexpected: Map<string, number>;
}

/** Every post any round was told was written: id → the title it was sent with. */
const acknowledged = new Map<string, string>();

/** One write; resolves with the created post's id, or a reason it has none. */
async function writePost(
  server: ProductionServer,
  user: TokenUser,
  via: "trpc" | "rest",
  title: string,
  signal: AbortSignal,
): Promise<{ id: string } | { status: number | "unanswered"; detail?: string }> {
  const body = "Written under load, then the server was killed.";
  const headers = { authorization: `Bearer ${user.token}`, "content-type": "application/json" };
  let response: Response;
  try {
    response =
      via === "trpc"
        ? await fetch(`${server.baseURL}/api/trpc/post.create`, {
            method: "POST",
            headers,
            body: JSON.stringify(transformer.input.serialize({ title, body })),
            signal,
          })
        : await fetch(`${server.baseURL}/api/v1/posts`, {
            method: "POST",
            headers,
            body: JSON.stringify({ title, body }),
            signal,
          });
  } catch {
    return { status: "unanswered" };
  }
  const text = await response.text().catch(() => null);
  if (text === null) return { status: "unanswered" };
  if (!response.ok) return { status: response.status, detail: text.slice(0, 300) };
  const id = idOf(via, text);
  return id ? { id } : { status: response.status, detail: `no id in ${text.slice(0, 300)}` };
}

function idOf(via: "trpc" | "rest", text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    const post: unknown =
      via === "trpc"
        ? transformer.output.deserialize(Reflect.get(Object(Reflect.get(Object(parsed), "result")), "data"))
        : parsed;
    const id: unknown = Reflect.get(Object(post), "id");
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

/** One client: writes until the server is killed, recording what was acknowledged. */
async function writer(
  round: number,
  client: number,
  users: TokenUser[],
  server: ProductionServer,
  killed: AbortSignal,
  tally: Tally,
) {
  const via = client % 2 === 0 ? "trpc" : "rest";
  for (let n = 0; ; n++) {
    const title = `round ${round} client ${client} write ${n}`;
    const outcome = await writePost(
      server,
      users[n % users.length] as TokenUser,
      via,
      title,
      AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    );
    if ("id" in outcome) {
      acknowledged.set(outcome.id, title);
      tally.acknowledged += 1;
      tally.byPath[via] += 1;
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
      tally.rateLimited += 1;
      await new Promise((resolve) => setTimeout(resolve, 250));
    } else {
      const key = `${outcome.status} ${outcome.detail ?? ""}`.trim();
      tally.unexpected.set(key, (tally.unexpected.get(key) ?? 0) + 1);
    }
  }
}

/** Checks the file as the restarted server left it: integrity, then every acknowledged post. */
function checkDatabase(): { integrity: string; missing: string[]; altered: string[] } {
  const database = createSqliteDatabase(databaseUrl);
  try {
    const integrity = database.client.pragma("integrity_check", { simple: true });
    const ids = [...acknowledged.keys()];
    const select = database.client.prepare<[string], { id: string; title: string }>(
      "select id, title from posts where id in (select value from json_each(?))",
    );
    const found = new Map(select.all(JSON.stringify(ids)).map((row) => [row.id, row.title]));
    const missing = ids.filter((id) => !found.has(id));
    const altered = ids.filter((id) => found.has(id) && found.get(id) !== acknowledged.get(id));
    return { integrity: String(integrity), missing, altered };
  } finally {
    void database.close();
  }
}

/** Asks the restarted server itself for a few acknowledged posts: it must serve what the file holds. */
async function spotCheck(server: ProductionServer, sample = 20): Promise<string[]> {
  const ids = [...acknowledged.keys()].sort(() => Math.random() - 0.5).slice(0, sample);
  const failures: string[] = [];
  for (const id of ids) {
    const response = await fetch(`${server.baseURL}/api/v1/posts/${id}`, { signal: AbortSignal.timeout(10_000) });
    if (response.status !== 200) failures.push(`${id}: ${response.status}`);
  }
  return failures;
}

const users = await createTokenUsers(databaseUrl, CLIENTS * USERS_PER_CLIENT, "crash");
const usersOf = (client: number) => users.slice(client * USERS_PER_CLIENT, (client + 1) * USERS_PER_CLIENT);
console.log(
  `Crash test: ${ROUNDS} round(s), ${CLIENTS} writers (half tRPC, half REST), SIGKILL within ${SECONDS} s of load, SQLite at ${databaseUrl}`,
);

let failed = false;
let server: ProductionServer | undefined;
try {
  for (let round = 1; round <= ROUNDS; round++) {
    server ??= await startProductionServer(serverOptions);
    const running = server;
    const tally: Tally = {
      acknowledged: 0,
      byPath: { trpc: 0, rest: 0 },
      rateLimited: 0,
      inFlight: 0,
      unexpected: new Map(),
    };
    const kill = new AbortController();
    const started = performance.now();
    const writers = Array.from({ length: CLIENTS }, (_, client) =>
      writer(round, client, usersOf(client), running, kill.signal, tally),
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
    const { integrity, missing, altered } = checkDatabase();
    const notServed = await spotCheck(server);

    const problems = [
      ...(integrity === "ok" ? [] : [`integrity_check: ${integrity}`]),
      ...(missing.length
        ? [`${missing.length} acknowledged post(s) missing, e.g. ${missing.slice(0, 3).join(", ")}`]
        : []),
      ...(altered.length
        ? [`${altered.length} post(s) with another title, e.g. ${altered.slice(0, 3).join(", ")}`]
        : []),
      ...(notServed.length ? [`the restarted server did not serve: ${notServed.slice(0, 3).join(", ")}`] : []),
      ...[...tally.unexpected].map(([answer, count]) => `${count}× unexpected answer ${answer}`),
      ...(tally.acknowledged === 0 ? ["no write was acknowledged: the round proves nothing"] : []),
    ];
    if (problems.length) failed = true;
    console.log(
      `round ${round}/${ROUNDS}: ${died} after ${seconds(killedAfterMs)} of load; ` +
        `${tally.acknowledged} writes acknowledged (${tally.byPath.trpc} tRPC, ${tally.byPath.rest} REST), ` +
        `${tally.inFlight} cut off by the kill, ${tally.rateLimited} refused with 429; ` +
        `restarted in ${seconds(restartMs)}; integrity_check ${integrity}; ` +
        `${acknowledged.size - missing.length}/${acknowledged.size} acknowledged posts present` +
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
    ? `Crash test FAILED: see above (${acknowledged.size} writes acknowledged over ${ROUNDS} round(s)).`
    : `Crash test passed: ${ROUNDS} kill -9 round(s), ${acknowledged.size} acknowledged writes, none lost, integrity ok every time.`,
);
process.exit(failed ? 1 : 0);
