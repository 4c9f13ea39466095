import { sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { uuidv7 } from "uuidv7";

import {
  exportStatuses,
  jobStates,
  passkeyDeviceTypes,
  providers,
  roles,
  tokenScopes,
  webauthnPurposes,
} from "./shared";

/**
 * The SQLite schema. Ids are UUIDv7 text (time-ordered, so new rows land at the
 * end of the primary-key b-tree); timestamps are milliseconds since the epoch.
 *
 * Its twin is ./pg.ts: change both, or lockstep.test.ts fails
 * (docs/decisions/010-two-dialects-one-contract.md).
 */

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => uuidv7());

/** The database's clock in milliseconds: the default of rows inserted without the app. */
const nowMs = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(nowMs)
    .$defaultFn(() => new Date());

const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(nowMs)
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());

/** When the row was created and last changed: every table whose rows change has both. */
const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });

/**
 * A required reference. Deleting the row it points at deletes this one: the
 * demo keeps no account, post, comment, like or token without its owner.
 */
const requiredRef = (name: string, target: () => AnySQLiteColumn) =>
  text(name).notNull().references(target, { onDelete: "cascade" });

export const users = sqliteTable("users", {
  id: id(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: roles }).notNull().default("user"),
  // Every session token carries the version it was issued at; bumping it
  // (sign out everywhere, password change) ends every session at once.
  sessionVersion: integer("session_version").notNull().default(0),
  ...timestamps(),
});

export const accounts = sqliteTable(
  "accounts",
  {
    id: id(),
    userId: requiredRef("user_id", () => users.id),
    provider: text("provider", { enum: providers }).notNull(),
    // The email for credentials, the provider's user id for OAuth.
    providerAccountId: text("provider_account_id").notNull(),
    // argon2id, credentials only; null for OAuth accounts.
    passwordHash: text("password_hash"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("accounts_provider_idx").on(t.provider, t.providerAccountId),
    index("accounts_user_idx").on(t.userId),
  ],
);

export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: id(),
    userId: requiredRef("user_id", () => users.id),
    // SHA-256 of the emailed token: a leaked table holds nothing usable.
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/**
 * Sessions signed out one by one (ADR 026): the cookie's session id (`sid`),
 * kept until the cookie would have expired anyway, then pruned. Signing out
 * everywhere needs no row: it bumps `users.session_version`.
 */
export const revokedSessions = sqliteTable(
  "revoked_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);

/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238; ADR 046): one
 * row per user who started setting it up. `enabled_at` is null while the
 * secret waits for its first code; `last_step` is the time step of the last
 * accepted code, so a code is never accepted twice (a conditional UPDATE).
 */
export const twoFactors = sqliteTable("two_factors", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  // The base32 secret the authenticator app holds (ADR 046 says why it is not encrypted).
  secret: text("secret").notNull(),
  enabledAt: integer("enabled_at", { mode: "timestamp_ms" }),
  lastStep: integer("last_step").notNull().default(0),
  createdAt: createdAt(),
});

/** One-time recovery codes for two-factor sign-in: SHA-256 of each code, deleted when used. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    codeHash: text("code_hash").primaryKey(),
    userId: requiredRef("user_id", () => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

/**
 * Sessions that passed a second factor after they signed in — by turning
 * two-factor on with a code — which their cookie cannot say (ADR 046). Kept
 * until the cookie expires anyway, like revoked_sessions.
 */
export const secondFactorSessions = sqliteTable(
  "second_factor_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("second_factor_sessions_expires_idx").on(t.expiresAt)],
);

export const posts = sqliteTable(
  "posts",
  {
    id: id(),
    // Deleting a user deletes what they wrote: the demo has no "ghost author".
    authorId: requiredRef("author_id", () => users.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    ...timestamps(),
  },
  (t) => [
    // The feed walks (created_at, id) backwards: keyset pagination reads this index only.
    index("posts_feed_idx").on(t.createdAt, t.id),
    index("posts_author_idx").on(t.authorId),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: id(),
    postId: requiredRef("post_id", () => posts.id),
    authorId: requiredRef("author_id", () => users.id),
    body: text("body").notNull(),
    ...timestamps(),
  },
  (t) => [
    // Serves both a post's comment list (in order) and the feed's comment counts.
    index("comments_post_idx").on(t.postId, t.createdAt, t.id),
    index("comments_author_idx").on(t.authorId),
  ],
);

export const likes = sqliteTable(
  "likes",
  {
    userId: requiredRef("user_id", () => users.id),
    postId: requiredRef("post_id", () => posts.id),
    createdAt: createdAt(),
  },
  (t) => [
    // One like per (user, post); the key doubles as the "did the viewer like it" lookup.
    primaryKey({ columns: [t.userId, t.postId] }),
    index("likes_post_idx").on(t.postId),
  ],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: id(),
    userId: requiredRef("user_id", () => users.id),
    name: text("name").notNull(),
    scope: text("scope", { enum: tokenScopes }).notNull(),
    // The first characters of the secret ("trl_Ab3d…"), so people can tell their tokens apart.
    prefix: text("prefix").notNull(),
    // SHA-256 of the secret; the secret itself is shown once and never stored.
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId, t.createdAt)],
);

/**
 * Passkeys (WebAuthn credentials, ADR 047): what the browser's authenticator
 * registered, and what verifying its signatures needs. The credential id is
 * unique across users (the authenticator makes it); the public key, id and
 * transports are base64url text, the same on both dialects.
 */
export const passkeys = sqliteTable(
  "passkeys",
  {
    id: id(),
    userId: requiredRef("user_id", () => users.id),
    credentialId: text("credential_id").notNull().unique(),
    publicKey: text("public_key").notNull(),
    // The authenticator's signature counter: one that goes backwards is a cloned key (0 forever: it keeps none).
    counter: integer("counter").notNull().default(0),
    // Comma-separated AuthenticatorTransport values ("internal,hybrid"), a hint for the browser.
    transports: text("transports").notNull().default(""),
    deviceType: text("device_type", { enum: passkeyDeviceTypes }).notNull(),
    backedUp: integer("backed_up", { mode: "boolean" }).notNull(),
    name: text("name").notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("passkeys_user_idx").on(t.userId, t.createdAt)],
);

/**
 * Challenges of WebAuthn ceremonies in progress: in the database, so any
 * instance can finish a ceremony another began; spent by deleting the row,
 * which only one request can do; expired rows are pruned as new ones come.
 * A registration's challenge names its user; a sign-in's names nobody yet.
 */
export const webauthnChallenges = sqliteTable(
  "webauthn_challenges",
  {
    challenge: text("challenge").primaryKey(),
    purpose: text("purpose", { enum: webauthnPurposes }).notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("webauthn_challenges_expires_idx").on(t.expiresAt)],
);

/**
 * The durable job queue of the embedded default (packages/jobs, ADR 023):
 * one row per job. A worker claims the oldest due row (waiting and `run_at`
 * passed, or active with an expired lease: its worker died) in one UPDATE …
 * RETURNING, which also counts the attempt; the count fences a worker whose
 * lease ran out from finishing a job another worker took over.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: id(),
    name: text("name").notNull(),
    // JSON, validated by the job's zod schema when enqueued and again when run.
    payload: text("payload").notNull(),
    state: text("state", { enum: jobStates }).notNull().default("waiting"),
    // Attempts started; a claim increments it.
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    // The first retry waits this long, each next one twice as long.
    backoffMs: integer("backoff_ms").notNull(),
    runAt: integer("run_at", { mode: "timestamp_ms" }).notNull(),
    // While active: when the worker's lease ends unless it renews it.
    lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
    // Enqueueing a key already stored adds nothing (NULLs never collide).
    idempotencyKey: text("idempotency_key").unique(),
    // The enqueuing request's trace context (W3C traceparent) when tracing is on: the run continues it (ADR 049).
    traceparent: text("traceparent"),
    lastError: text("last_error"),
    ...timestamps(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    // Claiming reads the due jobs in run_at order; counts and the failed list go by state too.
    index("jobs_due_idx").on(t.state, t.runAt),
  ],
);

/**
 * Side effects a job has already had, by key (`<job id>:<step>`): a retried
 * job skips a step that went through before, so an email is not sent twice.
 */
export const jobReceipts = sqliteTable("job_receipts", {
  key: text("key").primaryKey(),
  createdAt: createdAt(),
});

/** An admin's CSV export of every post: built by a job, downloaded once ready. */
export const postExports = sqliteTable(
  "post_exports",
  {
    id: id(),
    requestedBy: requiredRef("requested_by", () => users.id),
    status: text("status", { enum: exportStatuses }).notNull().default("pending"),
    // The file itself: in the database, so a worker on another machine can hand it to the app.
    csv: text("csv"),
    rowCount: integer("row_count"),
    error: text("error"),
    createdAt: createdAt(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("post_exports_requested_by_idx").on(t.requestedBy)],
);
