// The file operations of assembling the artifact (apps/web/scripts/bundle-server.mjs): copying what a
// tracer listed without following pnpm's symlinks, proving every symlink stays inside, measuring it
// (also for its size budget, tests/e2e/artifact.spec.ts).
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** The name a package's prebuilt native module has on this machine, e.g. `linux-x64` or `linuxmusl-arm64`. */
const THIS_PLATFORM = `${process.platform === "linux" && isMusl() ? "linuxmusl" : process.platform}-${process.arch}`;

function isMusl() {
  // glibc reports its version; musl does not.
  const report = /** @type {{ header?: { glibcVersionRuntime?: string } }} */ (process.report.getReport());
  return !report.header?.glibcVersionRuntime;
}

/**
 * A package's native build for a platform other than this one, as packages ship them:
 * `prebuilds/<platform>-<arch>.node` or `prebuilds/<platform>-<arch>/…`.
 *
 * @param {string} path
 */
export function isPrebuildForAnotherPlatform(path) {
  const prebuild = /\/prebuilds\/((?:darwin|linux|linuxmusl|win32|freebsd)-[a-z0-9]+)(?:\.node$|\/)/.exec(path);
  return prebuild !== null && prebuild[1] !== THIS_PLATFORM;
}

/**
 * Copies `files` (paths relative to `from`) to the same paths under `to`: a
 * file as a file, a symlink as the same symlink (pnpm's are relative, so they
 * resolve inside `to` as they did inside `from`). What `to` has already —
 * Next's own copy of a package — is left as it is.
 *
 * @param {Iterable<string>} files
 * @param {string} from
 * @param {string} to
 * @returns {number} how many were copied
 */
export function copyListedFiles(files, from, to) {
  let copied = 0;
  for (const file of files) {
    const target = join(to, file);
    if (existsSync(target) || isSymlink(target)) continue;
    const source = join(from, file);
    const stat = lstatSync(source);
    if (stat.isDirectory()) continue;
    mkdirSync(dirname(target), { recursive: true });
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else copyFileSync(source, target);
    copied++;
  }
  return copied;
}

/** @param {string} path */
function isSymlink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Every symlink under `dir` whose target is missing or outside `dir`, as "link -> target" lines.
 *
 * @param {string} dir
 * @returns {string[]}
 */
export function escapingSymlinks(dir) {
  const root = realpathSync(dir);
  /** @type {string[]} */
  const problems = [];
  for (const path of walk(dir)) {
    if (!lstatSync(path).isSymbolicLink()) continue;
    const pointsAt = resolve(dirname(path), readlinkSync(path));
    let real;
    try {
      real = realpathSync(path);
    } catch {
      problems.push(`${relative(dir, path)} -> ${readlinkSync(path)} (missing)`);
      continue;
    }
    if (real !== root && !real.startsWith(root + sep)) problems.push(`${relative(dir, path)} -> ${pointsAt} (outside)`);
  }
  return problems;
}

/** Every native build under `dir` made for a platform other than this one (isPrebuildForAnotherPlatform).
 *
 * @param {string} dir
 * @returns {string[]}
 */
export function prebuildsForAnotherPlatform(dir) {
  return [...walk(dir)].map((path) => relative(dir, path)).filter((path) => isPrebuildForAnotherPlatform(`/${path}`));
}

/**
 * Deletes Next's build traces (`*.nft.json`) under `dir` and says how many bytes that freed. They list, for
 * each route, the files `next build` traced to assemble the standalone output; that output is already
 * assembled, and neither Next's server nor ours reads them at run time (about 2 MB, 25 files).
 *
 * @param {string} dir
 */
export function removeBuildTraces(dir) {
  let bytes = 0;
  for (const path of walk(dir)) {
    if (!path.endsWith(".nft.json")) continue;
    const stat = lstatSync(path);
    if (!stat.isFile()) continue;
    bytes += stat.size;
    rmSync(path);
  }
  return bytes;
}

/** Files under `dir` and their bytes (a symlink counts as a file of no bytes): the same on any machine.
 *
 * @param {string} dir
 */
export function measure(dir) {
  let files = 0;
  let bytes = 0;
  for (const path of walk(dir)) {
    const stat = lstatSync(path);
    files++;
    if (stat.isFile()) bytes += stat.size;
  }
  return { files, bytes };
}

/**
 * Every file and symlink under `dir` (symlinks are not followed).
 *
 * @param {string} dir
 * @returns {Generator<string>}
 */
function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
