// Where `pnpm build` leaves the production artifact (docs/decisions/030), for
// what writes it (apps/web/scripts/bundle-server.mjs), what starts it (`pnpm
// start`, the e2e workers, the benches), what checks that a build exists
// (playwright.config.ts) and what copies it into an image (the Dockerfile,
// which tests/e2e/artifact.spec.ts holds to these names).
import { existsSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(import.meta.dirname, "..");
export const WEB_DIR = join(REPO_ROOT, "apps", "web");

/** The artifact's folder, relative to the repository: all a production machine needs, besides Node. */
export const ARTIFACT_PATH = "dist/trellis";
export const ARTIFACT_DIR = join(REPO_ROOT, ARTIFACT_PATH);

/** Its entry, at its root: `node server.mjs` serves; `node server.mjs migrate | admin:create | worker`. */
export const ARTIFACT_ENTRY = "server.mjs";
export const ARTIFACT_SERVER = join(ARTIFACT_DIR, ARTIFACT_ENTRY);

/** Inside the artifact, the app's folder (laid out as in the repository): Next's build, public/. */
export const ARTIFACT_WEB_DIR = "apps/web";

/** `pnpm build` writes the entry last, after `next build` and the rest of the artifact: its file means a whole build. */
export function hasProductionBuild() {
  return existsSync(ARTIFACT_SERVER);
}
