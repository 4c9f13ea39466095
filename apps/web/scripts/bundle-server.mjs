// `pnpm build`'s last step: assembles the production artifact, dist/trellis — one directory that
// runs with `node dist/trellis/server.mjs` from any path and any cwd, on a machine with only Node
// (docs/decisions/030, which supersedes 025). It holds:
//
// - Next's standalone output (next.config.ts `output: "standalone"`), laid out as in the
//   repository: apps/web/.next (with static/), apps/web/public, node_modules/.pnpm/…;
// - server.mjs: artifact.ts (server.ts and the commands) and every `@trellis/*` and `@/…` source
//   it imports, bundled by esbuild, with what they import lazily in server-*.mjs chunks beside it, and
//   drizzle-orm (`bundled`, below). Every other package stays an import, resolved here, at build
//   time, from the file that imports it (with pnpm, a package's dependencies are found from its
//   own folder), and written as a path relative to server.mjs into the artifact's node_modules:
//   `next` is the same module instance Next's own code uses;
// - what those imports need, traced by @vercel/nft (the tracer Next uses) and merged into the
//   standalone node_modules, with the SQLite driver that packages/db/src/sqlite/driver.ts loads
//   by name at run time;
// - packages/db/migrations/{sqlite,pg}, found from the artifact's folder (packages/db/src/paths.ts).
//
// Fails the build if a symlink inside points outside. Prints the artifact's size.
import { cpSync, existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, relative, sep } from "node:path";

import { nodeFileTrace } from "@vercel/nft";
import { build } from "esbuild";

import {
  copyListedFiles,
  escapingSymlinks,
  isPrebuildForAnotherPlatform,
  measure,
  removeBuildTraces,
} from "../../../scripts/artifact-files.mjs";
import {
  ARTIFACT_DIR,
  ARTIFACT_ENTRY,
  ARTIFACT_PATH,
  ARTIFACT_SERVER,
  ARTIFACT_WEB_DIR,
  REPO_ROOT,
  WEB_DIR,
} from "../../../scripts/production-build.mjs";

const STANDALONE = join(WEB_DIR, ".next", "standalone");
// The SQLite driver packages/db/src/sqlite/driver.ts loads on the Node that builds (and so runs) the artifact.
const SQLITE_DRIVER = Number(process.versions.node.split(".")[0]) >= 22 ? "better-sqlite3-node22" : "better-sqlite3";

const toPosix = (path) => path.split(sep).join("/");

// 1. Next's standalone output, its static files and public/ where its server looks for them.
rmSync(ARTIFACT_DIR, { recursive: true, force: true });
if (!existsSync(STANDALONE)) throw new Error(`No ${relative(REPO_ROOT, STANDALONE)}: run \`next build\` first.`);
cpSync(STANDALONE, ARTIFACT_DIR, { recursive: true, verbatimSymlinks: true });
// Next's own entry serves without this app's server (no lean tRPC path, no request guard): server.mjs is the one.
rmSync(join(ARTIFACT_DIR, ARTIFACT_WEB_DIR, "server.js"), { force: true });
// Next copies apps/web/.env and .env.production into its standalone output: a developer's secrets would ship
// in the artifact, and a deployment would read them. A deployment's settings come from its environment.
for (const file of [".env", ".env.production"]) {
  if (existsSync(join(ARTIFACT_DIR, ARTIFACT_WEB_DIR, file))) {
    rmSync(join(ARTIFACT_DIR, ARTIFACT_WEB_DIR, file));
    console.log(
      `Left ${ARTIFACT_WEB_DIR}/${file} out of the artifact: set its variables in the deployment's environment.`,
    );
  }
}
// Next's build traces: what `next build` read to assemble this very output, never read at run time.
removeBuildTraces(join(ARTIFACT_DIR, ARTIFACT_WEB_DIR, ".next"));
cpSync(join(WEB_DIR, ".next", "static"), join(ARTIFACT_DIR, ARTIFACT_WEB_DIR, ".next", "static"), { recursive: true });
if (existsSync(join(WEB_DIR, "public"))) {
  cpSync(join(WEB_DIR, "public"), join(ARTIFACT_DIR, ARTIFACT_WEB_DIR, "public"), { recursive: true });
}

// 2. The migrations, where packages/db/src/paths.ts finds them from the app root.
for (const dialect of ["sqlite", "pg"]) {
  const migrations = join("packages", "db", "migrations", dialect);
  cpSync(join(REPO_ROOT, migrations), join(ARTIFACT_DIR, migrations), { recursive: true });
}

// 3. The server and its commands, with each package import rewritten to the artifact's copy of that file.
/** @type {Set<string>} */
const externals = new Set();

/** Packages imported as Node resolves them, not as esbuild would (below). */
const nodeResolved = ["@opentelemetry/"];

/**
 * Packages bundled into server.mjs instead. drizzle-orm is a few hundred ESM files, and for each one it
 * loads Node looks up the package's package.json: 179 kB, nearly all its exports map. Node 20 keeps that
 * lookup cheap; on Node 24 it cost 1.1 s of a start's CPU and most of 0.7 s of garbage collection, and the
 * first page came 4.1–4.5 s after launch instead of 2.0–2.3 s bundled (docs/performance.md, "Start-up").
 * Pure JavaScript that reads no files of its own, it bundles as is.
 */
const bundled = ["drizzle-orm"];

/** @type {import("esbuild").Plugin} */
const dependenciesStayImports = {
  name: "dependencies-stay-imports",
  setup(bundler) {
    bundler.onResolve({ filter: /^[^./]/ }, async (args) => {
      const ours = args.path.startsWith("@trellis/") || args.path.startsWith("@/");
      const isBundled = bundled.some((name) => args.path === name || args.path.startsWith(`${name}/`));
      if (ours || isBundled || args.pluginData === "resolving") return undefined;
      const found = await bundler.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "resolving",
      });
      if (found.errors.length > 0) return { errors: found.errors };
      // A Node built-in comes back as its own name.
      if (!isAbsolute(found.path)) return { path: found.path, external: true };
      // esbuild applies the bundlers' "module" condition, which Node never does: OpenTelemetry's points at an
      // ESM build for bundlers only (extensionless imports), that Node cannot load. Resolved as Node resolves it.
      const path = nodeResolved.some((scope) => args.path.startsWith(scope))
        ? createRequire(args.importer).resolve(args.path)
        : found.path;
      const inRepo = relative(REPO_ROOT, path);
      if (inRepo.startsWith("..")) return { errors: [{ text: `${args.path} resolved outside the repository` }] };
      externals.add(path);
      return { path: `./${toPosix(inRepo)}`, external: true };
    });
  },
};

// Runs before anything else in server.mjs, the packages it imports included (imports are evaluated
// in order, and this one is first): a production artifact is production unless told otherwise —
// React and Next pick their builds by NODE_ENV as they load.
const productionUnlessSet = `if (!process.env.NODE_ENV) process.env.NODE_ENV = "production";`;

const bundle = await build({
  absWorkingDir: WEB_DIR,
  entryPoints: { [ARTIFACT_ENTRY.replace(/\.mjs$/, "")]: "artifact.ts" },
  bundle: true,
  write: false,
  // What the sources import lazily (`await import(…)`: BullMQ, the Redis clients, a command's code) stays in
  // chunks of its own beside server.mjs, loaded when called, with the packages they import: in one file,
  // every package any module imports would load at start (docs/decisions/040). Beside it, not in a folder,
  // so each chunk's package imports are relative to the same place as server.mjs's.
  splitting: true,
  outdir: ARTIFACT_DIR,
  chunkNames: "server-[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  platform: "node",
  format: "esm",
  target: "node20.19",
  logLevel: "warning",
  plugins: [dependenciesStayImports],
  // server.ts passes its own folder to Next as the app's folder: in the artifact, apps/web.
  define: { "import.meta.dirname": "__trellisWebDir" },
  banner: {
    js: [
      `import "data:text/javascript,${encodeURIComponent(productionUnlessSet)}";`,
      'import { readFileSync as __trellisRead } from "node:fs";',
      'import { join as __trellisJoin } from "node:path";',
      'import { fileURLToPath as __trellisPath } from "node:url";',
      // What follows runs after the imported packages have loaded (imports are evaluated first) and before
      // the app's own code: no package may read these at load, and none does (appRoot() reads at call time).
      // The artifact's folder, wherever it was copied: the data layer's app root (packages/db/src/paths.ts).
      'globalThis.trellisAppRoot = __trellisPath(new URL(".", import.meta.url)).replace(/[\\\\/]$/, "");',
      `const __trellisWebDir = __trellisPath(new URL(${JSON.stringify(`./${ARTIFACT_WEB_DIR}`)}, import.meta.url));`,
      // What Next's standalone server.js does: the build's config, so Next never looks for next.config.ts.
      "process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(",
      '  JSON.parse(__trellisRead(__trellisJoin(__trellisWebDir, ".next", "required-server-files.json"), "utf8")).config,',
      ");",
    ].join("\n"),
  },
});

// 4. What those imports load, and the SQLite driver that is loaded by name: traced, then merged into node_modules.
// The artifact runs on the platform and Node major that built it (docs/decisions/030), so the driver for
// another Node and native builds for other platforms stay out (better-sqlite3 13 ships eight, ~15 MB).
const requireFromDb = createRequire(join(REPO_ROOT, "packages", "db", "package.json"));
const drivers = [SQLITE_DRIVER];
// Next traced what its own server loads of `next` (a fraction of the package); followed from its entry
// by a general tracer, `next` would bring its dev server, compilers and every runtime variant (~80 MB more).
const nextPackage = toPosix(relative(REPO_ROOT, realpathSync(join(WEB_DIR, "node_modules", "next"))));
const traced = await nodeFileTrace([...externals, ...drivers.map((name) => requireFromDb.resolve(name))], {
  base: REPO_ROOT,
  processCwd: WEB_DIR,
  // The Node that runs the artifact (>= 20.19) resolves a package's `module-sync` export, which the tracer
  // follows only from Node 22 on: without it, on Node 20, a file the server loads (async-function's
  // require.mjs, under the REST handler's body parser) would be missing from the artifact.
  conditions: ["node", "module-sync"],
  ignore: (path) => path === nextPackage || path.startsWith(`${nextPackage}/`) || isPrebuildForAnotherPlatform(path),
});
const links = drivers.map((name) => toPosix(join("packages", "db", "node_modules", name)));
const copied = copyListedFiles([...traced.fileList, ...links], REPO_ROOT, ARTIFACT_DIR);

const missing = [...externals].filter((path) => !existsSync(join(ARTIFACT_DIR, relative(REPO_ROOT, path))));
if (missing.length > 0) {
  throw new Error(
    `server.mjs imports files the artifact lacks:\n  ${missing.map((path) => relative(REPO_ROOT, path)).join("\n  ")}`,
  );
}

const escaping = escapingSymlinks(ARTIFACT_DIR);
if (escaping.length > 0) {
  throw new Error(`Symlinks in ${ARTIFACT_PATH} point outside it:\n  ${escaping.join("\n  ")}`);
}

// 5. The chunks, then the entry last: its file means a whole build (scripts/production-build.mjs).
mkdirSync(ARTIFACT_DIR, { recursive: true });
const entry = bundle.outputFiles.find((file) => file.path === ARTIFACT_SERVER);
if (!entry) throw new Error(`esbuild wrote no ${ARTIFACT_ENTRY}`);
for (const file of bundle.outputFiles) if (file !== entry) writeFileSync(file.path, file.contents);
writeFileSync(ARTIFACT_SERVER, entry.contents);

const { files, bytes } = measure(ARTIFACT_DIR);
console.log(
  `Built ${ARTIFACT_PATH}: ${(bytes / 1e6).toFixed(1)} MB in ${files} files ` +
    `(${externals.size} imports of server.mjs traced, ${copied} files added to Next's); ` +
    `run it with \`node ${ARTIFACT_PATH}/server.mjs\``,
);
