#!/usr/bin/env node
// The `trellis` bin runs the built CLI (dist/cli.js, written by `pnpm build`). It is a committed file of
// its own so that installing the workspace can link the bin before anything is built.
try {
  await import("../dist/cli.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("dist/cli.js")) throw error;
  console.error("The trellis CLI is not built yet: run `pnpm build` (or `pnpm --filter @trellis/client build`) first.");
  process.exit(1);
}
