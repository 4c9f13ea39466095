import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The type boundary, as a teammate outside this repo meets it: build and pack
 * the client, install the tarball into a fresh project in the temp folder (no
 * workspace, no server packages), and type-check code that uses it there.
 */
const packageDir = join(import.meta.dirname, "..");
const root = join(packageDir, "..", "..");
const tsc = join(root, "node_modules", ".bin", "tsc");
const project = mkdtempSync(join(tmpdir(), "trellis-client-outside-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** pnpm as the running script was started with it, or from PATH. */
function pnpm(args: string[], cwd: string) {
  const execPath = process.env.npm_execpath;
  const [command, argv] = execPath?.includes("pnpm") ? [process.execPath, [execPath, ...args]] : ["pnpm", args];
  return execFileSync(command, argv, { cwd, encoding: "utf8", stdio: "pipe" });
}

beforeAll(() => {
  pnpm(["run", "build"], packageDir);
  pnpm(["pack", "--pack-destination", project], packageDir);
  const tarball = readdirSync(project).find((name) => name.endsWith(".tgz"));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: "outside",
      private: true,
      type: "module",
      dependencies: { "@trellis/client": `file:./${tarball}` },
    }),
  );
  // No auto-installed peers: @trpc/server's optional typescript peer would be fetched for nothing.
  pnpm(
    [
      "install",
      "--ignore-workspace",
      "--prefer-offline",
      "--config.engine-strict=false",
      "--config.auto-install-peers=false",
    ],
    project,
  );
}, 240_000);

/** Type-checks one file in the outside project, as its own tsconfig would; returns tsc's exit status and output. */
function typecheck(name: string, source: string) {
  const dir = join(project, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "main.ts"), source);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        // As most projects do. A broken import in our .d.ts would turn the API into `any`,
        // which the "wrong call" test below would notice: it must fail to compile.
        skipLibCheck: true,
        types: [],
      },
      files: ["main.ts"],
    }),
  );
  const result = spawnSync(tsc, ["-p", join(dir, "tsconfig.json")], { cwd: dir, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const setup = `
import { createTrellisClient, fieldErrors, isTrellisError } from "@trellis/client";
const trellis = createTrellisClient({ url: "http://localhost:3000", token: "trl_example" });
`;

describe("the packed client, installed outside the workspace", () => {
  it("installs only the client and its three npm dependencies, no server package", () => {
    const installed = readdirSync(join(project, "node_modules", ".pnpm"));
    expect(installed.some((name) => name.startsWith("@trellis+client"))).toBe(true);
    expect(
      installed.filter((name) =>
        /^(@trellis\+(api|db|auth|jobs|server|validators)|drizzle|zod|next|better-sqlite3|pino|ioredis)/.test(name),
      ),
    ).toEqual([]);
  });

  it("declares its types without the server's runtime: no logger, no Redis client, no rate limiter", () => {
    const declarations = readFileSync(join(packageDir, "dist", "index.d.ts"), "utf8");
    const imported = [...declarations.matchAll(/from ['"]([^'"]+)['"]/g)].map((match) => match[1] ?? "");
    expect(imported.filter((name) => /^(pino|ioredis|rate-limiter-flexible|@trellis\/)/.test(name))).toEqual([]);
  });

  it("type-checks a correct call, with inputs and outputs typed by AppRouter", () => {
    const { status, output } = typecheck(
      "correct",
      `${setup}
const page = await trellis.post.list.query({ limit: 5 });
const first = page.items[0];
const title: string | undefined = first?.title;
const when: Date | undefined = first?.createdAt;
const liked: boolean | undefined = first?.viewerHasLiked;
try {
  await trellis.post.create.mutate({ title: "From outside", body: "Typed all the way." });
} catch (error) {
  if (isTrellisError(error)) console.log(error.data?.code, fieldErrors(error).title);
}
export { title, when, liked };
`,
    );
    expect(output).toBe("");
    expect(status).toBe(0);
  });

  it("refuses a call with a wrong input type, and a field that does not exist", () => {
    const { status, output } = typecheck(
      "wrong",
      `${setup}
await trellis.post.list.query({ limit: "five" });
const page = await trellis.post.list.query({});
export const nope = page.items[0]?.titel;
`,
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(/main\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
    expect(output).toMatch(/main\.ts\(\d+,\d+\): error TS2551: Property 'titel' does not exist/);
  });
});
