/**
 * The production artifact, dist/trellis (docs/decisions/030), as a machine
 * with only Node gets it: copied out of the repository into a fresh folder,
 * run by a user that is not root, from another cwd, with almost no
 * environment — no pnpm, no workspace, no source. And the Dockerfile, read
 * here, so it copies and runs what this spec copies and runs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";

import { expect, type Page, test } from "@playwright/test";

import { transformer } from "@trellis/api/transformer";
import { createScratchPostgres } from "@trellis/db/testing";
import { escapingSymlinks, measure, prebuildsForAnotherPlatform } from "../../scripts/artifact-files.mjs";
import { freePort } from "../../scripts/free-port.mjs";
import { ARTIFACT_DIR, ARTIFACT_ENTRY, ARTIFACT_PATH, REPO_ROOT } from "../../scripts/production-build.mjs";
import { all, envOf, execForm, finalStage } from "./dockerfile";
import { newPerson, signUp, trpcInput, trpcOutcome, unique } from "./support";

/**
 * The artifact's size in MB (the bytes of its files, the same on any machine):
 * 66.5 MB (2,760 files) on Node 20 and 68.8 MB (2,777 files) on Node 24, measured on 2026-12-03, with headroom for a dependency's patch release.
 * A jump past it means something the server does not need got in.
 */
const SIZE_BUDGET_MB = 75;

const image = finalStage(join(REPO_ROOT, "Dockerfile"));
const NOBODY = 65534;
const SETPRIV = "/usr/bin/setpriv";
const runsAsRoot = process.getuid?.() === 0;

/** What a stack trace's frames look like: a green run prints none. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

test("the image is the artifact and nothing else, run as `node server.mjs` by a user that is not root", () => {
  const copies = all(image, "COPY");
  expect(copies, "the last stage copies one thing").toHaveLength(1);
  const [from, source, target, ...more] = (copies[0] ?? "").split(/\s+/);
  expect(more).toEqual([]);
  expect(from).toBe("--from=build");
  expect(source, "the artifact `pnpm build` makes").toMatch(new RegExp(`/${ARTIFACT_PATH}$`));
  expect(all(image, "WORKDIR")).toEqual([target]);
  expect(execForm(all(image, "CMD")[0] ?? "")).toEqual(["node", ARTIFACT_ENTRY]);
  expect(all(image, "USER")).toEqual(["node"]);
  expect(envOf(image).NODE_ENV).toBe("production");
  expect(envOf(image).DATABASE_URL, "the database on the volume").toMatch(/^file:\/data\//);
  expect(envOf(image).MAILBOX_DIR, "no dev mailbox in the image: email is SMTP_URL's").toBeUndefined();
  expect(all(image, "VOLUME")).toEqual(["/data"]);
  expect(all(image, "EXPOSE")).toEqual(["3000"]);
  expect(all(image, "STOPSIGNAL")).toEqual(["SIGTERM"]);
  expect(healthCheck()).toEqual(expect.arrayContaining(["node"]));

  const ignored = readFileSync(join(REPO_ROOT, ".dockerignore"), "utf8").split("\n");
  for (const path of [".git", "**/node_modules", "**/.next", "**/dist", "data", "test-results", ".env"]) {
    expect(ignored, `.dockerignore leaves ${path} out of the build context`).toContain(path);
  }
});

test(`the artifact stays under ${SIZE_BUDGET_MB} MB, holds native builds for this platform only, and every symlink in it points inside it`, () => {
  const { bytes, files } = measure(ARTIFACT_DIR);
  const megabytes = bytes / 1e6;
  console.log(`${ARTIFACT_PATH}: ${megabytes.toFixed(1)} MB in ${files} files`);
  expect(megabytes).toBeLessThan(SIZE_BUDGET_MB);
  // better-sqlite3 13 (the driver on Node >= 22) ships prebuilds for eight platforms, ~15 MB the artifact never loads.
  expect(prebuildsForAnotherPlatform(ARTIFACT_DIR)).toEqual([]);
  expect(escapingSymlinks(ARTIFACT_DIR)).toEqual([]);
  // Next's build traces list what `next build` read; nothing reads them at run time.
  const appFiles = readdirSync(join(ARTIFACT_DIR, "apps"), { recursive: true, encoding: "utf8" });
  expect(appFiles.filter((path) => path.endsWith(".nft.json"))).toEqual([]);
});

/** The HEALTHCHECK's command, in exec form. */
function healthCheck(): string[] {
  const [check = ""] = all(image, "HEALTHCHECK");
  return execForm(check.slice(check.indexOf("CMD ") + "CMD ".length));
}

interface Run {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `command` as a user that is not root: as nobody (setpriv) when this runs as root, else as it is. */
function runUnprivileged(command: string[], options: { cwd: string; env: Record<string, string> }): Run {
  const [file = "", ...args] = runsAsRoot
    ? [SETPRIV, `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", ...command]
    : command;
  const child = spawn(file, args, { cwd: options.cwd, env: onlyThese(options.env), stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** An environment of exactly `vars`: none of this process's (Next's types insist on a NODE_ENV key; here there is none). */
function onlyThese(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) Reflect.deleteProperty(env, key);
  return Object.assign(env, vars);
}

/**
 * A script for `node -e`: tries to write each path (a new file is made and removed; an existing one is opened
 * to append nothing) and prints, as JSON, "ok" or the error's code for each.
 */
function writeProbe(paths: Record<string, string>): string {
  return `const fs = require("node:fs");
const paths = ${JSON.stringify(paths)};
const outcome = {};
for (const [name, path] of Object.entries(paths)) {
  const existed = fs.existsSync(path);
  try {
    fs.appendFileSync(path, "");
    if (!existed) fs.rmSync(path);
    outcome[name] = "ok";
  } catch (error) {
    outcome[name] = error.code;
  }
}
console.log(JSON.stringify(outcome));`;
}

/** Makes `path` (and what is under it) the unprivileged user's, when this runs as root. */
/** What a check of the relocated app is given: a page signed in as a new person, and a read-write token of theirs. */
interface Served {
  page: Page;
  baseURL: string;
  secret: string;
}

/**
 * The demo on the relocated app: the feed renders, and a post written over REST with the token is listed and
 * heard by a live subscriber (SSE), whose stream SIGTERM closes. Gives what waits for that stream's end.
 */
async function feedAndLiveEvents({ page, baseURL, secret }: Served): Promise<() => Promise<void>> {
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Latest posts" })).toBeVisible();

  // A live subscription (SSE), open before the post is written.
  const input = encodeURIComponent(JSON.stringify(transformer.input.serialize({})));
  const stream = await fetch(`${baseURL}/api/trpc/post.onCreated?input=${input}`, {
    headers: { accept: "text/event-stream" },
  });
  expect(stream.headers.get("content-type")).toContain("text/event-stream");
  const reader = stream.body?.getReader();
  if (!reader) throw new Error("no stream body");
  await reader.read(); // connected
  let events = "";
  const decoder = new TextDecoder();
  const listening = (async () => {
    // Until the server closes the stream on SIGTERM.
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      events += decoder.decode(read.value, { stream: true });
    }
  })().catch(() => {});

  // REST with the token: a post written, then read back.
  const title = unique("Written by a relocated artifact");
  const posted = await fetch(`${baseURL}/api/v1/posts`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ title, body: "From a copy of dist/trellis." }),
  });
  expect(posted.status).toBe(201);
  const listed = await fetch(`${baseURL}/api/v1/posts?limit=5`);
  expect(listed.status).toBe(200);
  expect(await listed.text()).toContain(title);

  // …and the subscriber heard it.
  await expect.poll(() => events, { timeout: 10_000 }).toContain(title);
  return () => listening;
}

/** The checks of what the relocated app serves beside its accounts and tokens. */
const SERVED_TOO: ((served: Served) => Promise<() => Promise<void>>)[] = [feedAndLiveEvents];

function giveToRunner(path: string) {
  if (runsAsRoot) chownSync(path, NOBODY, NOBODY);
}

test("copied anywhere, run from another cwd: migrate, admin:create, worker; it serves pages, sign-up, tRPC and REST, then drains on SIGTERM", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  if (runsAsRoot && !existsSync(SETPRIV))
    throw new Error(`Running as root needs ${SETPRIV} (util-linux) to drop to nobody`);

  // A fresh folder outside the repository: the artifact is all there is.
  const place = mkdtempSync(join(tmpdir(), "trellis-relocated-"));
  expect(place.startsWith(REPO_ROOT + sep)).toBe(false);
  chmodSync(place, 0o755);
  const app = join(place, "trellis");
  cpSync(ARTIFACT_DIR, app, { recursive: true, verbatimSymlinks: true });
  expect(escapingSymlinks(app)).toEqual([]);
  // Its data folder is the runner's (the volume). As root, the app's files stay root's, and the runner (nobody)
  // may not write to them, as in the image: checked once the server runs. Otherwise the copy is this user's,
  // who also runs it, so nothing here keeps the app from writing to its own files.
  const data = join(app, "data");
  mkdirSync(data);
  giveToRunner(data);
  const elsewhere = join(place, "elsewhere");
  mkdirSync(elsewhere);

  const postgresServer = process.env.TRELLIS_E2E_DATABASE_URL;
  const database = postgresServer
    ? await createScratchPostgres(postgresServer, "trellis_e2e_artifact")
    : { url: `file:${join(data, "app.db")}`, drop: async () => {} };
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  // What the image sets, but no NODE_ENV (server.mjs means production by itself) and its own database;
  // no pnpm, no workspace on PATH: only node's folder.
  const { NODE_ENV: _setByServer, DATABASE_URL: _volume, ...imageEnv } = envOf(image);
  const env: Record<string, string> = {
    ...imageEnv,
    PATH: dirname(process.execPath),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    PORT: String(port),
    DATABASE_URL: database.url,
  };
  const [node = "", entry = ""] = execForm(all(image, "CMD")[0] ?? "");

  let server: Run | undefined;
  try {
    // Every command by the entry's absolute path, from a cwd that is neither the artifact nor the repository:
    // the artifact finds its own files wherever it is started from.
    const entryPath = join(app, entry);

    // The release step and the first admin need only the database, as docs/deploy.md and the Dockerfile show
    // them: no session key, no port.
    const { AUTH_SECRET: _signsNothing, PORT: _servesNothing, ...databaseOnly } = env;

    // `node server.mjs migrate`: a new database, migrated, exit 0.
    const migrate = runUnprivileged([node, entryPath, "migrate"], { cwd: elsewhere, env: databaseOnly });
    migrate.child.stdin?.end();
    expect(await migrate.exited, migrate.output()).toBe(0);
    expect(migrate.output()).toContain("Migrated");

    // The first admin, made from the artifact (production starts with no users), the password on stdin.
    const adminEmail = `${unique("admin").replace(/\W+/g, "-").toLowerCase()}@example.com`;
    const createAdmin = runUnprivileged([node, entryPath, "admin:create", "--email", adminEmail], {
      cwd: elsewhere,
      env: databaseOnly,
    });
    createAdmin.child.stdin?.end(`${randomBytes(18).toString("base64url")}\n`);
    expect(await createAdmin.exited, createAdmin.output()).toBe(0);
    expect(createAdmin.output()).toContain(`Created the admin ${adminEmail}`);

    // `node server.mjs worker`: the jobs alone, stopped gracefully.
    const worker = runUnprivileged([node, entryPath, "worker"], { cwd: elsewhere, env });
    worker.child.stdin?.end();
    await expect.poll(() => worker.output(), { timeout: 30_000 }).toContain("job worker started");
    worker.child.kill("SIGTERM");
    expect(await worker.exited, worker.output()).toBe(0);

    // The server.
    server = runUnprivileged([node, entryPath], { cwd: elsewhere, env });
    await expect(async () => {
      expect(server?.child.exitCode, server?.output()).toBeNull();
      expect((await fetch(`${baseURL}/api/health`)).status).toBe(200);
    }).toPass({ timeout: 60_000 });
    if (runsAsRoot) {
      expect(readFileSync(`/proc/${server.child.pid}/status`, "utf8"), "the server runs as nobody").toMatch(
        new RegExp(`^Uid:\\s+${NOBODY}\\s`, "m"),
      );
      // …and nobody may not write into the artifact: neither a new file in its folder nor its entry. Only the data folder.
      const probe = runUnprivileged(
        [
          node,
          "-e",
          writeProbe({ newFile: join(app, "written-by-the-runner"), entry: entryPath, data: join(data, "probe") }),
        ],
        { cwd: elsewhere, env },
      );
      probe.child.stdin?.end();
      expect(await probe.exited, probe.output()).toBe(0);
      expect(JSON.parse(probe.output()), "what nobody may write").toEqual({
        newFile: "EACCES",
        entry: "EACCES",
        data: "ok",
      });
    } else {
      test.info().annotations.push({
        type: "not checked",
        description:
          "that the app's files are read-only to the server: not run as root, so the server runs as this user, who owns the copy",
      });
    }

    // The image's HEALTHCHECK, as the container engine would run it.
    const [checkNode = "", ...checkArgs] = healthCheck();
    const check = runUnprivileged([checkNode, ...checkArgs], { cwd: app, env });
    check.child.stdin?.end();
    expect(await check.exited, check.output()).toBe(0);

    // The home page renders from an empty production database.
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    const home = await page.goto("/");
    expect(home?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

    // Sign-up in the browser: a production session cookie (server.mjs set NODE_ENV=production itself).
    const person = newPerson("relocated");
    await signUp(page, person);
    const cookies = await context.cookies();
    expect(cookies.some((cookie) => cookie.name.startsWith("__Secure-"))).toBe(true);

    // A tRPC mutation with that session: an API token.
    const created = await page.request.post(
      "/api/trpc/apiToken.create",
      trpcInput({ name: "relocated", scope: "read-write", expiresInDays: 1 }),
    );
    expect(created.status()).toBe(200);
    const { data: token } = await trpcOutcome(created);
    const secret = (token as { secret: string }).secret;
    expect(secret).toBeTruthy();

    // REST with the token: who it speaks for.
    const me = await fetch(`${baseURL}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ name: person.name });

    // What the app serves beside: each check leaves what to wait for once the server has stopped.
    const afterStop: (() => Promise<void>)[] = [];
    for (const check of SERVED_TOO) afterStop.push(await check({ page, baseURL, secret }));
    await context.close();

    // SIGTERM: streams are closed, requests drain, the process exits 0 — and it printed no stack trace.
    server.child.kill("SIGTERM");
    expect(await server.exited, server.output()).toBe(0);
    await Promise.all(afterStop.map((wait) => wait()));
    for (const run of [migrate, createAdmin, worker, check, server]) expect(run.output()).not.toMatch(STACK_FRAME);
  } finally {
    if (server && server.child.exitCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
    await database.drop();
    rmSync(place, { recursive: true, force: true });
  }
});
