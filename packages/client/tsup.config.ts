import { defineConfig } from "tsup";

/**
 * dist/index.js + dist/index.d.ts for the packed tarball, and dist/cli.js for
 * the `trellis` bin. The declarations inline every @trellis/* type (AppRouter
 * and all it refers to), so an outside project needs only the tarball and its
 * three npm dependencies, never a server package.
 */
export default defineConfig({
  entry: { index: "src/index.ts", cli: "src/cli.ts" },
  format: "esm",
  target: "node20",
  platform: "node",
  clean: true,
  dts: {
    entry: { index: "src/index.ts" },
    // The workspace packages by their real paths, not through node_modules symlinks:
    // the bundler inlines what resolves outside node_modules and keeps the rest as imports.
    compilerOptions: {
      paths: Object.fromEntries(
        ["api", "auth", "db", "jobs", "validators"].map((name) => [`@trellis/${name}`, [`../${name}/src/index.ts`]]),
      ),
    },
  },
  external: ["@trpc/client", "@trpc/server", "devalue"],
});
