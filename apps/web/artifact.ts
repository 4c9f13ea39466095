/**
 * The production artifact's entry: `pnpm build` bundles this file, with
 * everything of this repository it imports, into dist/trellis/server.mjs
 * (scripts/bundle-server.mjs, docs/decisions/030). One file, four commands:
 *
 *   node server.mjs [--hostname 0.0.0.0] [--port N]       serves (./server.ts)
 *   node server.mjs migrate                                   applies the migrations, exits 0
 *   node server.mjs admin:create --email … [--name …] [--promote]   makes an admin
 *   node server.mjs worker                                    runs the background jobs only
 *
 * A production machine has Node and the artifact, no pnpm and no source: these
 * are what `pnpm start`, `pnpm db:migrate`, `pnpm admin:create` and `pnpm
 * worker` run in the workspace, the same modules. Before any of them runs, the
 * bundle's first lines have set NODE_ENV (production unless set) and told the
 * data layer where the artifact is (packages/db/src/paths.ts).
 */
const COMMANDS = ["migrate", "admin:create", "worker"] as const;
type Command = (typeof COMMANDS)[number];

const isCommand = (word: string | undefined): word is Command => COMMANDS.some((command) => command === word);

const command = process.argv[2];
if (isCommand(command)) {
  // Each command reads its own options from process.argv.slice(2), as under `pnpm`: the word is removed.
  process.argv.splice(2, 1);
  if (command === "migrate") await import("@trellis/db/cli/migrate");
  else if (command === "admin:create") await import("@trellis/auth/cli/create-admin");
  else await import("./src/cli/worker");
} else if (command !== undefined && !command.startsWith("-")) {
  console.error(`Unknown command "${command}": node server.mjs [${COMMANDS.join(" | ")}] (none serves)`);
  process.exitCode = 2;
} else {
  await import("./server");
}
