import { defineConfig } from "tsup";

/**
 * dist/index.{js,cjs} + dist/index.d.{ts,cts} for the packed tarball (ESM and
 * CommonJS, ADR 050), and dist/cli.js for the `trellis` bin. The declarations
 * inline every @trellis/* type (AppRouter and all it refers to) and
 * trpc-to-openapi's (its own relative imports too, hence `^\.`); zod and
 * @simplewebauthn/server stay imports, declared as dependencies, because their
 * declarations do not bundle (ADR 050). An outside project then type-checks
 * with `skipLibCheck: false` and never installs a server package.
 */
const inlinedTypes = ["trpc-to-openapi", /^\./];

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    target: "node20",
    platform: "node",
    clean: true,
    dts: {
      resolve: inlinedTypes,
      // The workspace packages by their real paths, not through node_modules symlinks:
      // the bundler inlines what resolves outside node_modules and keeps the rest as imports.
      compilerOptions: {
        paths: Object.fromEntries(
          ["api", "auth", "db", "jobs", "validators"].map((name) => [`@trellis/${name}`, [`../${name}/src/index.ts`]]),
        ),
      },
    },
    external: ["@trpc/client", "@trpc/server", "devalue", "eventsource"],
  },
  {
    entry: { cli: "src/cli.ts" },
    format: "esm",
    target: "node20",
    platform: "node",
    external: ["@trpc/client", "@trpc/server", "devalue", "eventsource"],
  },
]);
