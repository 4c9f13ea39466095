// Makes sure the e2e tests have a browser. On a fresh Debian machine run as root
// (CI, a new container) it installs Debian's chromium with apt; anywhere else it
// stops with one clear message instead of letting Playwright fail obscurely.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

import { findChromium, NO_CHROMIUM_MESSAGE } from "./chromium.mjs";

const found = findChromium();
if (found) {
  console.log(`e2e browser: ${found.source}`);
  process.exit(0);
}

const canApt = process.platform === "linux" && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
if (!canApt) {
  console.error(NO_CHROMIUM_MESSAGE);
  process.exit(1);
}

console.log("No Chromium found: installing Debian's chromium with apt-get (root, Debian detected)…");
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { stdio: "inherit", env });

if (!findChromium()) {
  console.error(`apt-get finished but no browser is at /usr/bin/chromium.\n${NO_CHROMIUM_MESSAGE}`);
  process.exit(1);
}
console.log("e2e browser: /usr/bin/chromium (just installed)");
