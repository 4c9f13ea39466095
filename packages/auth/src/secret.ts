import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import type { Settings } from "@trellis/validators/settings";

/**
 * The key that signs and encrypts session cookies. AUTH_SECRET when set. In
 * development only, a random one kept in a git-ignored file, so a fresh clone
 * runs with no setup and sessions survive restarts. In production a missing
 * AUTH_SECRET stops the server: a guessable key would let anyone mint sessions.
 */
export function resolveAuthSecret(options: {
  settings: Pick<Settings, "authSecret" | "nodeEnv">;
  devSecretFile: string;
}): string {
  const fromEnv = options.settings.authSecret;
  if (fromEnv) return fromEnv;
  if (options.settings.nodeEnv === "production") {
    throw new Error("AUTH_SECRET is not set: generate one with `openssl rand -base64 32` and set it.");
  }
  const file = options.devSecretFile;
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
