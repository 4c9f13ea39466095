import { createHash, randomBytes } from "node:crypto";

/** How long a password-reset link works. */
export const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;

/** 256 random bits, URL-safe: 43 characters of base64url. */
const randomSecret = () => randomBytes(32).toString("base64url");

/** A random token for a link and the hash we store instead of it. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomSecret();
  return { token, tokenHash: hashToken(token) };
}

/**
 * SHA-256, not argon2: the token is 256 random bits, so there is nothing to
 * brute-force, and lookup by hash must be a plain indexed equality.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Every API token starts with this, so secret scanners and people can recognise one. */
export const API_TOKEN_PREFIX = "trl_";

/**
 * A new API token: the secret (shown once), the prefix kept for display, and
 * the hash kept for lookup. 256 random bits, base64url: `trl_` + 43 characters.
 */
export function newApiToken(): { secret: string; prefix: string; tokenHash: string } {
  const secret = `${API_TOKEN_PREFIX}${randomSecret()}`;
  return { secret, prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6), tokenHash: hashToken(secret) };
}
