import {
  type AnyPgColumn,
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
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
 * The Postgres schema: the twin of ./sqlite.ts, column for column, index for
 * index; lockstep.test.ts fails when the two drift apart.
 *
 * Timestamps are `timestamptz(3)`: milliseconds, like a JavaScript Date. With
 * Postgres' default microseconds, a cursor built from a Date would sit a few
 * microseconds before its own row, and keyset pages would repeat it.
 */

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => uuidv7());

const timestampMs = (name: string) => timestamp(name, { mode: "date", precision: 3, withTimezone: true });

const createdAt = () =>
  timestampMs("created_at")
    .notNull()
    .defaultNow()
    .$defaultFn(() => new Date());

const updatedAt = () =>
  timestampMs("updated_at")
    .notNull()
    .defaultNow()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());

/** When the row was created and last changed: every table whose rows change has both. */
const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });

/**
 * A required reference. Deleting the row it points at deletes this one: the
 * demo keeps no account, post, comment, like or token without its owner.
 */
const requiredRef = (name: string, target: () => AnyPgColumn) =>
  text(name).notNull().references(target, { onDelete: "cascade" });

export const users = pgTable("users", {
  id: id(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: roles }).notNull().default("user"),
  sessionVersion: integer("session_version").notNull().default(0),
  ...timestamps(),
});

export const accounts = pgTable(
  "accounts",
  {
    id: id(),
    userId: requiredRef("user_id", () => users.id),
    provider: text("provider", { enum: providers }).notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    passwordHash: text("password_hash"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("accounts_provider_idx").on(t.provider, t.providerAccountId),
    index("accounts_user_idx").on(t.userId),
  ],
);

export const passwordResets = pgTable(
  "password_resets",
  {
    id: id(),
    userId: requiredRef("user_id", () => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestampMs("expires_at").notNull(),
    usedAt: timestampMs("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    expiresAt: timestampMs("expires_at").notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);

/** Two-factor sign-in (see ./sqlite.ts). */
export const twoFactors = pgTable("two_factors", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secret: text("secret").notNull(),
  enabledAt: timestampMs("enabled_at"),
  lastStep: integer("last_step").notNull().default(0),
  createdAt: createdAt(),
});

export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    codeHash: text("code_hash").primaryKey(),
    userId: requiredRef("user_id", () => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

export const secondFactorSessions = pgTable(
  "second_factor_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    expiresAt: timestampMs("expires_at").notNull(),
  },
  (t) => [index("second_factor_sessions_expires_idx").on(t.expiresAt)],
);

export const posts = pgTable(
  "posts",
  {
    id: id(),
    authorId: requiredRef("author_id", () => users.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    ...timestamps(),
  },
  (t) => [index("posts_feed_idx").on(t.createdAt, t.id), index("posts_author_idx").on(t.authorId)],
);

export const comments = pgTable(
  "comments",
  {
    id: id(),
    postId: requiredRef("post_id", () => posts.id),
    authorId: requiredRef("author_id", () => users.id),
    body: text("body").notNull(),
    ...timestamps(),
  },
  (t) => [index("comments_post_idx").on(t.postId, t.createdAt, t.id), index("comments_author_idx").on(t.authorId)],
);

export const likes = pgTable(
  "likes",
  {
    userId: requiredRef("user_id", () => users.id),
    postId: requiredRef("post_id", () => posts.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.postId] }), index("likes_post_idx").on(t.postId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    userId: requiredRef("user_id", () => users.id),
    name: text("name").notNull(),
    scope: text("scope", { enum: tokenScopes }).notNull(),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestampMs("expires_at"),
    lastUsedAt: timestampMs("last_used_at"),
    revokedAt: timestampMs("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId, t.createdAt)],
);

/** Passkeys (see ./sqlite.ts). The counter is a 32-bit unsigned number: bigint holds it all. */
export const passkeys = pgTable(
  "passkeys",
  {
    id: id(),
    userId: requiredRef("user_id", () => users.id),
    credentialId: text("credential_id").notNull().unique(),
    publicKey: text("public_key").notNull(),
    counter: bigint("counter", { mode: "number" }).notNull().default(0),
    transports: text("transports").notNull().default(""),
    deviceType: text("device_type", { enum: passkeyDeviceTypes }).notNull(),
    backedUp: boolean("backed_up").notNull(),
    name: text("name").notNull(),
    lastUsedAt: timestampMs("last_used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("passkeys_user_idx").on(t.userId, t.createdAt)],
);

/** Challenges of WebAuthn ceremonies in progress (see ./sqlite.ts). */
export const webauthnChallenges = pgTable(
  "webauthn_challenges",
  {
    challenge: text("challenge").primaryKey(),
    purpose: text("purpose", { enum: webauthnPurposes }).notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestampMs("expires_at").notNull(),
  },
  (t) => [index("webauthn_challenges_expires_idx").on(t.expiresAt)],
);

/** The durable job queue (see ./sqlite.ts); claimed with FOR UPDATE SKIP LOCKED here. */
export const jobs = pgTable(
  "jobs",
  {
    id: id(),
    name: text("name").notNull(),
    payload: text("payload").notNull(),
    state: text("state", { enum: jobStates }).notNull().default("waiting"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    backoffMs: integer("backoff_ms").notNull(),
    runAt: timestampMs("run_at").notNull(),
    lockedUntil: timestampMs("locked_until"),
    idempotencyKey: text("idempotency_key").unique(),
    // The enqueuing request's trace context (W3C traceparent) when tracing is on: the run continues it (ADR 049).
    traceparent: text("traceparent"),
    lastError: text("last_error"),
    ...timestamps(),
    finishedAt: timestampMs("finished_at"),
  },
  (t) => [index("jobs_due_idx").on(t.state, t.runAt)],
);

export const jobReceipts = pgTable("job_receipts", {
  key: text("key").primaryKey(),
  createdAt: createdAt(),
});

export const postExports = pgTable(
  "post_exports",
  {
    id: id(),
    requestedBy: requiredRef("requested_by", () => users.id),
    status: text("status", { enum: exportStatuses }).notNull().default("pending"),
    csv: text("csv"),
    rowCount: integer("row_count"),
    error: text("error"),
    createdAt: createdAt(),
    completedAt: timestampMs("completed_at"),
  },
  (t) => [index("post_exports_requested_by_idx").on(t.requestedBy)],
);
