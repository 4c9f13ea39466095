import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { type AppRouter, createTrellisClient, errorCode, fieldErrors, transformer } from "@trellis/client";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { Secret, TOTP } from "otpauth";
import { callMutation, createToken, expect, test } from "./fixtures";

const cli = join(import.meta.dirname, "..", "..", "packages", "client", "dist", "cli.js");

/** Runs the built `trellis` CLI with its own config folder; `input` is what it reads on stdin. */
function trellis(configDir: string, ...args: string[]) {
  return trellisWithInput(configDir, "", ...args);
}

function trellisWithInput(configDir: string, input: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    input,
    env: { ...process.env, TRELLIS_CONFIG_DIR: configDir, TRELLIS_URL: "", TRELLIS_TOKEN: "" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test.describe("the typed client and the CLI, against the built app", () => {
  let configDir = "";
  test.beforeEach(() => {
    configDir = mkdtempSync(join(tmpdir(), "trellis-cli-"));
  });
  test.afterEach(() => rmSync(configDir, { recursive: true, force: true }));

  test("a read token reads; writing with it is FORBIDDEN", async ({ page, user, baseURL }) => {
    const { secret } = await createToken(page.request, "read");
    const client = createTrellisClient({ url: baseURL ?? "", token: secret });

    expect(await client.account.me.query()).toMatchObject({ name: user.name, via: "read-token" });
    const feed = await client.post.list.query({ limit: 3 });
    expect(feed.items).toHaveLength(3);
    expect(feed.items[0]?.createdAt).toBeInstanceOf(Date);
    const refused = await client.post.create.mutate({ title: "No", body: "…" }).catch((error: unknown) => error);
    expect(errorCode(refused)).toBe("FORBIDDEN");

    // The token from stdin (`--token -`), out of argv.
    expect(trellisWithInput(configDir, `${secret}\n`, "login", "--url", baseURL ?? "", "--token", "-")).toMatchObject({
      status: 0,
    });
    expect(statSync(join(configDir, "config.json")).mode & 0o777).toBe(0o600);
    expect(trellis(configDir, "whoami").stdout).toContain(`${user.name} (user) via read-token`);
    const listed = trellis(configDir, "posts", "list", "--limit", "2", "--json");
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(2);
    const write = trellis(configDir, "posts", "create", "--title", "Nope", "--body", "…");
    expect(write.status).toBe(1);
    expect(write.stderr).toContain("FORBIDDEN");
  });

  test("a read-write token writes through the client and the CLI", async ({ api, user, baseURL, page }) => {
    const post = await api.post.create.mutate({ title: "From the typed client", body: "Arranged in one call." });
    expect(post.author.name).toBe(user.name);
    await page.goto(`/posts/${post.id}`);
    await expect(page.getByRole("heading", { level: 1, name: "From the typed client" })).toBeVisible();

    const { secret } = await createToken(page.request, "read-write");
    trellis(configDir, "login", "--url", baseURL ?? "", "--token", secret);
    const created = trellis(configDir, "posts", "create", "--title", "From the CLI", "--body", "Hello");
    expect(created.status).toBe(0);
    const id = created.stdout.trim();
    expect(trellis(configDir, "posts", "list", "--limit", "1").stdout).toContain("From the CLI");
    expect(trellis(configDir, "posts", "delete", id)).toMatchObject({ status: 0 });

    const invalid = trellis(configDir, "posts", "create", "--title", "", "--body", "x");
    expect(invalid.status).toBe(1);
    // One line naming the code and the field, as docs/client.md promises: no JSON dump, no stack.
    expect(invalid.stderr).toBe("error BAD_REQUEST: title: Title is required\n");
  });

  test("a revoked token is UNAUTHORIZED, for the client and the CLI", async ({ page, user, baseURL }) => {
    expect(user.email).toBeTruthy();
    const { secret, id } = await createToken(page.request, "read-write");
    trellis(configDir, "login", "--url", baseURL ?? "", "--token", secret);
    await callMutation(page.request, "apiToken.revoke", { id });

    const client = createTrellisClient({ url: baseURL ?? "", token: secret });
    const error = await client.post.list.query({}).catch((caught: unknown) => caught);
    expect(errorCode(error)).toBe("UNAUTHORIZED");
    const whoami = trellis(configDir, "whoami");
    expect(whoami.status).toBe(1);
    expect(whoami.stderr).toContain("UNAUTHORIZED");
  });

  test("`trellis login` signs in with the email and password read from stdin and saves a working token", async ({
    user,
    baseURL,
  }) => {
    const url = baseURL ?? "";
    const refused = trellisWithInput(configDir, `${user.email}\nnot the password\n`, "login", "--url", url);
    expect(refused).toMatchObject({ status: 1, stderr: "error UNAUTHORIZED: Wrong email or password.\n" });

    const login = trellisWithInput(configDir, `${user.email}\n${user.password}\n`, "login", "--url", url);
    expect(login.stderr).toBe("");
    expect(login).toMatchObject({ status: 0 });
    expect(login.stdout).toContain(`Logged in to ${url} as ${user.name}.`);
    expect(statSync(join(configDir, "config.json")).mode & 0o777).toBe(0o600);
    expect(trellis(configDir, "whoami").stdout).toContain(`${user.name} (user) via read-write-token`);
    const created = trellis(configDir, "posts", "create", "--title", "After trellis login", "--body", "Hello");
    expect(created.status).toBe(0);
  });

  test("`trellis login` asks for the two-factor code when the account has it on", async ({ page, user, baseURL }) => {
    const { secret } = (await callMutation(page.request, "twoFactor.begin", undefined)) as { secret: string };
    const codeAt = (steps: number) =>
      new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, "")), digits: 6, period: 30 }).generate({
        timestamp: Date.now() + steps * 30_000,
      });
    await callMutation(page.request, "twoFactor.confirm", { code: codeAt(0) });

    const url = baseURL ?? "";
    // Each step's code works once: the next step's, which the server accepts too.
    const input = `${user.email}\n${user.password}\n${codeAt(1)}\n`;
    const login = trellisWithInput(configDir, input, "login", "--url", url, "--scope", "read");
    expect(login.stderr).toBe("");
    expect(login).toMatchObject({ status: 0 });
    expect(trellis(configDir, "whoami").stdout).toContain(`${user.name} (user) via read-token`);
  });

  test("the CLI explains itself and fails clearly when used wrongly", () => {
    expect(trellis(configDir, "--help").stdout).toContain("Usage: trellis <command>");
    expect(trellis(configDir, "posts", "create", "--help").stdout).toContain("--title TITLE --body BODY");
    expect(trellis(configDir, "whoami")).toMatchObject({ status: 2 });
    // A password never goes over plain HTTP to another machine: refused before it is even asked for.
    expect(trellisWithInput(configDir, "a@b.c\npassword\n", "login", "--url", "http://trellis.invalid")).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^error INSECURE_URL: Refusing to send a password to http:\/\/trellis\.invalid/),
    });
    expect(trellis(configDir, "fly")).toMatchObject({ status: 2 });
    expect(trellis(configDir, "posts", "list", "--bogus").status).toBe(2);
  });
});

test("the stock @trpc/client works with the exported transformer and reads a typed error", async ({
  page,
  user,
  baseURL,
}) => {
  expect(user.email).toBeTruthy(); // `page` is signed in as this user: the token is theirs
  const { secret } = await createToken(page.request, "read-write");
  const stock = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseURL}/api/trpc`, transformer, headers: { authorization: `Bearer ${secret}` } })],
  });
  const feed = await stock.post.list.query({ limit: 2 });
  expect(feed.items[0]?.createdAt).toBeInstanceOf(Date);

  const refused = await stock.post.create.mutate({ title: "", body: "x" }).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(TRPCClientError);
  const typed = refused as TRPCClientError<AppRouter>;
  expect(typed.data?.code).toBe("BAD_REQUEST");
  expect(fieldErrors(typed).title).toEqual(["Title is required"]);
});

test("the typed client batches no more calls than the server takes", async ({ api }) => {
  // 25 queries in one tick: one batch of 25 would be refused whole; the client sends three.
  const pages = await Promise.all(Array.from({ length: 25 }, () => api.post.list.query({ limit: 1 })));
  expect(pages).toHaveLength(25);
  for (const page of pages) expect(page).toMatchObject({ items: expect.any(Array) });
});

test("`trellis posts watch` prints each new post as it is written", async ({ api, page, baseURL }) => {
  const { secret } = await createToken(page.request, "read", "watcher");
  const watcher = spawn(process.execPath, [cli, "posts", "watch", "--json"], {
    env: { ...process.env, TRELLIS_URL: baseURL ?? "", TRELLIS_TOKEN: secret },
  });
  try {
    let stdout = "";
    let stderr = "";
    watcher.stdout.on("data", (chunk) => (stdout += chunk));
    watcher.stderr.on("data", (chunk) => (stderr += chunk));
    // Printed once the stream is open: from then on, nothing written is missed.
    await expect.poll(() => stderr).toContain("Watching for new posts");
    const title = "Watched from a shell";
    await api.post.create.mutate({ title, body: "…" });
    await expect.poll(() => stdout).toContain(title);
    const first = JSON.parse(stdout.split("\n")[0] ?? "");
    expect(first).toMatchObject({ title, author: { name: expect.any(String) } });
  } finally {
    watcher.kill("SIGINT");
  }
});

test("the example script lists and creates posts with a token", async ({ page, user, baseURL }) => {
  const { secret } = await createToken(page.request, "read-write");
  const example = join(import.meta.dirname, "..", "..", "examples", "node-script");
  const run = spawnSync(join(example, "node_modules", ".bin", "tsx"), ["src/main.ts"], {
    cwd: example,
    encoding: "utf8",
    env: { ...process.env, TRELLIS_URL: baseURL, TRELLIS_TOKEN: secret },
  });
  expect(run.stderr).toBe("");
  expect(run.stdout).toContain(`Signed in as ${user.name} (read-write-token)`);
  expect(run.stdout).toMatch(/Created [0-9a-f-]{36}/);
});
