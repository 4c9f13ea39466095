// `pnpm build`'s last step: compiles the production server (server.ts) and the
// workspace sources it imports into one plain-JavaScript file,
// .next/trellis-server.mjs, which `pnpm start` runs with `node` alone
// (docs/decisions/025-the-production-server-is-bundled-at-build-time.md).
//
// Only this app's own TypeScript goes into the bundle: server.ts, `@/…` and the
// `@trellis/*` packages, which ship source. Every other package stays an import,
// resolved here, at build time, from the file that imports it (with pnpm, a
// package's dependencies are found from its own folder, not from apps/web), so
// Node loads it at run time exactly as it would have: `next` is the same module
// instance Next's own bundle uses.
import { relative } from "node:path";

import { build } from "esbuild";

import { SERVER_BUNDLE, WEB_DIR } from "../../../scripts/production-build.mjs";

/** @type {import("esbuild").Plugin} */
const dependenciesStayImports = {
  name: "dependencies-stay-imports",
  setup(bundler) {
    bundler.onResolve({ filter: /^[^./]/ }, async (args) => {
      const ours = args.path.startsWith("@trellis/") || args.path.startsWith("@/");
      if (ours || args.pluginData === "resolving") return undefined;
      const found = await bundler.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "resolving",
      });
      if (found.errors.length > 0) return { errors: found.errors };
      // A Node built-in comes back as its own name; a package, as its file's absolute path.
      return { path: found.path, external: true };
    });
  },
};

await build({
  absWorkingDir: WEB_DIR,
  entryPoints: ["server.ts"],
  outfile: SERVER_BUNDLE,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  logLevel: "warning",
  plugins: [dependenciesStayImports],
  // server.ts passes its own folder to Next as the app's folder; the bundle sits one level below it, in .next/.
  define: { "import.meta.dirname": "__trellisWebDir" },
  banner: {
    js: [
      'import { fileURLToPath as __trellisPath } from "node:url";',
      'const __trellisWebDir = __trellisPath(new URL("..", import.meta.url));',
    ].join("\n"),
  },
});
console.log(`Bundled the production server: ${relative(process.cwd(), SERVER_BUNDLE)}`);
