// Where `pnpm build` leaves the production server (docs/decisions/025), for
// what writes it (apps/web/scripts/bundle-server.mjs), what starts it (the e2e
// workers, the benches) and what checks that a build exists (playwright.config.ts).
import { existsSync } from "node:fs";
import { join } from "node:path";

export const WEB_DIR = join(import.meta.dirname, "..", "apps", "web");

/** The production server bundled into plain JavaScript: `node SERVER_BUNDLE` is `pnpm start`. */
export const SERVER_BUNDLE = join(WEB_DIR, ".next", "trellis-server.mjs");

/** `pnpm build` writes the bundle last, after `next build`: its file means a whole build. */
export function hasProductionBuild() {
  return existsSync(SERVER_BUNDLE);
}
