import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIRequestContext } from "@playwright/test";

import { type AppRouter, createTrellisClient, errorCode, fieldErrors, transformer } from "@trellis/client";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { Secret, TOTP } from "otpauth";
import { callMutation, createToken, expect, test } from "./fixtures";
import { signedInAs } from "./support";

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

  test("a read token reads; writing with it is FORBIDDEN", async ({ page, user, adminPage, baseURL }) => {
    const { secret } = await createToken(page.request, "read");
    const client = createTrellisClient({ url: baseURL ?? "", token: secret });

    expect(await client.account.me.query()).toMatchObject({ name: user.name, via: "read-token" });
    expect(await client.account.profile.query()).toMatchObject({ name: user.name, email: user.email });
    const refused = await client.account.updateProfile.mutate({ name: "No" }).catch((error: unknown) => error);
    expect(errorCode(refused)).toBe("FORBIDDEN");
    expect(await client.account.profile.query()).toMatchObject({ name: user.name });

    // Dates arrive as Dates: the admin's read token lists the accounts, each with when it was made.
    const adminToken = await createToken(adminPage.request, "read");
    const asAdmin = createTrellisClient({ url: baseURL ?? "", token: adminToken.secret });
    const users = await asAdmin.admin.users.query({ limit: 2 });
    expect(users.items).toHaveLength(2); // the admin and `user` at least
    expect(users.items[0]?.createdAt).toBeInstanceOf(Date);

    // The token from stdin (`--token -`), out of argv.
    expect(trellisWithInput(configDir, `${secret}\n`, "login", "--url", baseURL ?? "", "--token", "-")).toMatchObject({
      status: 0,
    });
    expect(statSync(join(configDir, "config.json")).mode & 0o777).toBe(0o600);
    expect(trellis(configDir, "whoami").stdout).toContain(`${user.name} (user) via read-token`);
  });

  test("the CLI shows your profile with a read token, and renames you only with a read-write one", async ({
    page,
    user,
    baseURL,
  }) => {
    const read = await createToken(page.request, "read");
    trellis(configDir, "login", "--url", baseURL ?? "", "--token", read.secret);
    expect(trellis(configDir, "profile")).toMatchObject({ status: 0, stdout: `${user.name} <${user.email}> (user)\n` });
    expect(JSON.parse(trellis(configDir, "profile", "--json").stdout)).toMatchObject({ email: user.email });
    const refused = trellis(configDir, "rename", "Not allowed");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("FORBIDDEN");

    const readWrite = await createToken(page.request, "read-write");
    trellis(configDir, "login", "--url", baseURL ?? "", "--token", readWrite.secret);
    expect(trellis(configDir, "rename", "Renamed in a shell")).toMatchObject({
      status: 0,
      stdout: "Renamed to Renamed in a shell\n",
    });
    expect(trellis(configDir, "profile").stdout).toContain("Renamed in a shell <");

    const invalid = trellis(configDir, "rename", " ");
    expect(invalid.status).toBe(1);
    // One line naming the code and the field, as docs/client.md promises: no JSON dump, no stack.
    expect(invalid.stderr).toBe("error BAD_REQUEST: name: Name is required\n");
    expect(trellis(configDir, "profile").stdout).toContain("Renamed in a shell <");
  });

  test("the CLI explains a command, and refuses a missing argument and an unknown flag", () => {
    expect(trellis(configDir, "rename", "--help")).toMatchObject({
      status: 0,
      stdout: expect.stringContaining("Usage: trellis rename NAME"),
    });
    expect(trellis(configDir, "rename")).toMatchObject({ status: 2 });
    expect(trellis(configDir, "profile", "--bogus")).toMatchObject({ status: 2 });
  });

  test("the CLI lists posts with a read token, and is refused writing one", async ({ page, user, baseURL }) => {
    expect(user.email).toBeTruthy(); // `page` is signed in as this user: the token is theirs
    const { secret } = await createToken(page.request, "read");
    trellis(configDir, "login", "--url", baseURL ?? "", "--token", secret);
    const listed = trellis(configDir, "posts", "list", "--limit", "2", "--json");
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(2);
    const write = trellis(configDir, "posts", "create", "--title", "Nope", "--body", "…");
    expect(write.status).toBe(1);
    expect(write.stderr).toContain("FORBIDDEN");
  });

  test("a read-write token writes through the typed client", async ({ api, page }) => {
    const renamed = await api.account.updateProfile.mutate({ name: "Renamed by the typed client" });
    expect(renamed.name).toBe("Renamed by the typed client");
    expect(await api.account.me.query()).toMatchObject({ name: renamed.name, via: "read-write-token" });
    // The browser's session is the same account: its pages show the new name.
    await page.goto("/settings");
    await expect(signedInAs(page)).toContainText("Renamed by the typed client");
  });

  test("a read-write token writes posts through the CLI, which says which field it refused", async ({
    page,
    user,
    baseURL,
  }) => {
    expect(user.email).toBeTruthy(); // `page` is signed in as this user: the token is theirs
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
    const error = await client.account.profile.query().catch((caught: unknown) => caught);
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
    // The saved token writes, too: what a script that reads the CLI's config would do with it.
    const saved = JSON.parse(readFileSync(join(configDir, "config.json"), "utf8")) as { url: string; token: string };
    const client = createTrellisClient({ url: saved.url, token: saved.token });
    expect(await client.account.updateProfile.mutate({ name: "After trellis login" })).toMatchObject({
      name: "After trellis login",
    });
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
    expect(trellis(configDir, "whoami")).toMatchObject({ status: 2 });
    // A password never goes over plain HTTP to another machine: refused before it is even asked for.
    expect(trellisWithInput(configDir, "a@b.c\npassword\n", "login", "--url", "http://trellis.invalid")).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^error INSECURE_URL: Refusing to send a password to http:\/\/trellis\.invalid/),
    });
    expect(trellis(configDir, "fly")).toMatchObject({ status: 2 });
  });

  test("the CLI explains its posts commands and refuses a flag they do not take", () => {
    expect(trellis(configDir, "posts", "create", "--help").stdout).toContain("--title TITLE --body BODY");
    expect(trellis(configDir, "posts", "list", "--bogus").status).toBe(2);
  });
});

test("the stock @trpc/client works with the exported transformer and reads a typed error", async ({
  adminPage,
  baseURL,
}) => {
  // The admin's token: the list of accounts is the data that carries Dates.
  const { secret } = await createToken(adminPage.request, "read-write");
  const stock = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseURL}/api/trpc`, transformer, headers: { authorization: `Bearer ${secret}` } })],
  });
  const users = await stock.admin.users.query({ limit: 2 });
  expect(users.items[0]?.createdAt).toBeInstanceOf(Date);

  const refused = await stock.account.updateProfile.mutate({ name: "" }).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(TRPCClientError);
  const typed = refused as TRPCClientError<AppRouter>;
  expect(typed.data?.code).toBe("BAD_REQUEST");
  expect(fieldErrors(typed).name).toEqual(["Name is required"]);
});

test("the typed client batches no more calls than the server takes", async ({ api }) => {
  // 25 queries in one tick: one batch of 25 would be refused whole; the client sends three.
  const answers = await Promise.all(Array.from({ length: 25 }, () => api.account.me.query()));
  expect(answers).toHaveLength(25);
  for (const answer of answers) expect(answer).toMatchObject({ via: "read-write-token" });
});

test("the CLI's `posts watch` prints each new post as it is written", async ({ api, page, baseURL }) => {
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

/** Runs examples/node-script as a teammate would, with a new read-write token of the signed-in user. */
async function runExampleScript(request: APIRequestContext, baseURL: string | undefined) {
  const { secret } = await createToken(request, "read-write");
  const example = join(import.meta.dirname, "..", "..", "examples", "node-script");
  return spawnSync(join(example, "node_modules", ".bin", "tsx"), ["src/main.ts"], {
    cwd: example,
    encoding: "utf8",
    env: { ...process.env, TRELLIS_URL: baseURL, TRELLIS_TOKEN: secret },
  });
}

test("the example script says whose token it holds", async ({ page, user, baseURL }) => {
  const run = await runExampleScript(page.request, baseURL);
  expect(run).toMatchObject({ status: 0, stderr: "" });
  expect(run.stdout).toContain(`Signed in as ${user.name} (read-write-token)`);
  expect(run.stdout).toContain(`Account: ${user.email}, role user`);
});

test("the example script lists and creates posts with a token", async ({ page, user, baseURL }) => {
  const run = await runExampleScript(page.request, baseURL);
  expect(run.stderr).toBe("");
  expect(run.stdout).toContain(`Signed in as ${user.name} (read-write-token)`);
  expect(run.stdout).toMatch(/Created [0-9a-f-]{36}/);
});
