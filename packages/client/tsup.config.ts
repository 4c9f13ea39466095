import { defineConfig } from "tsup";

/**
 * dist/index.{js,cjs} + dist/index.d.{ts,cts} for the packed tarball (ESM and
 * CommonJS, ADR 050), and dist/cli.js for the `trellis` bin. The declarations
 * inline every @trellis/* type (AppRouter and all it refers to) and
 * trpc-to-openapi's (its own relative imports too, hence `^\.`); zod and
 * @simplewebauthn/server stay imports, declared as dependencies, because their
 * declarations do not bundle (ADR 050). An outside project then type-checks
 * with `skipLibCheck: false` and never installs a server package.
 *
 * tsup runs these configs at the same time, so none cleans dist/ (one could
 * wipe another's output): `build` and `prepack` empty it before tsup starts.
 */
const inlinedTypes = ["trpc-to-openapi", /^\./];
const shared = { target: "node20", platform: "node", clean: false } as const;

export default defineConfig([
  {
    ...shared,
    // The ESM client and the CLI: one config, no shared chunk between them.
    entry: { index: "src/index.ts", cli: "src/cli.ts" },
    format: "esm",
    splitting: false,
    external: ["@trpc/client", "@trpc/server", "devalue", "eventsource"],
  },
  {
    ...shared,
    entry: { index: "src/index.ts" },
    format: "cjs",
    // devalue 6 is ESM only: require() of it works only from Node 20.19 on (require(esm)), and not in every
    // bundler; inlined here (~10 kB), the CommonJS build loads on any Node the engines field allows.
    noExternal: ["devalue"],
    external: ["@trpc/client", "@trpc/server", "eventsource"],
  },
  {
    ...shared,
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: {
      only: true,
      resolve: inlinedTypes,
      // The workspace packages by their real paths, not through node_modules symlinks:
      // the bundler inlines what resolves outside node_modules and keeps the rest as imports.
      compilerOptions: {
        paths: Object.fromEntries(
          ["api", "auth", "db", "jobs", "validators"].map((name) => [`@trellis/${name}`, [`../${name}/src/index.ts`]]),
        ),
      },
    },
  },
]);
