import type { Cursor, Page } from "@trellis/validators";

import type {
  ExportStatus,
  JobState,
  OAuthProvider,
  PasskeyDeviceType,
  Role,
  TokenScope,
  WebauthnPurpose,
} from "../schema/shared";

/**
 * The data layer's contract: what procedures may ask of the database. It is
 * written once, here; each dialect implements it one resource at a time
 * (./<resource>/sqlite.ts and ./<resource>/pg.ts, side by side) from the same
 * query pieces (./<resource>/shared.ts, ./fragments.ts), and one behaviour
 * suite (./data.test.ts) runs against every dialect.
 */
export interface DataLayer {
  users: {
    byId(id: string): Promise<User | undefined>;
    byEmail(email: string): Promise<User | undefined>;
    /** A user with no way to sign in (no account): for seeds and tests. Sign-up is `accounts.signUp`. */
    create(input: { email: string; name: string; role?: Role }): Promise<User>;
    /** Newest first, by keyset cursor; `search` matches name or email, case-insensitively. */
    list(input: { search?: string | undefined; limit: number; cursor?: Cursor | null }): Promise<Page<User>>;
    rename(input: { id: string; name: string }): Promise<User | undefined>;
    setRole(input: { id: string; role: Role }): Promise<User | undefined>;
    /** Ends every session of the user: tokens carry the old session version. */
    revokeSessions(id: string): Promise<void>;
  };
  /** Browser sessions (JWT cookies, packages/auth), each signed out on its own (ADR 026). */
  sessions: {
    /**
     * The user a session cookie names, unless that session was signed out:
     * one statement, so checking a session costs what reading its user did.
     */
    user(input: { userId: string; sessionId: string }): Promise<SessionUser | undefined>;
    /**
     * Signs one session out until `expiresAt`, when its cookie expires anyway;
     * revoking twice is no error. Rows already past their expiry go in the same call.
     */
    revoke(input: { sessionId: string; expiresAt: Date; now: Date }): Promise<void>;
  };
  /**
   * Two-factor sign-in with an authenticator app (ADR 046). A user has at most
   * one secret: pending until `enable` confirms it, then on until `disable`.
   */
  twoFactor: {
    /** Whether it is on, and how many recovery codes are left. */
    status(userId: string): Promise<{ enabled: boolean; recoveryCodesLeft: number }>;
    /** Of these users, the ones with two-factor on (the admin's list). */
    enabledAmong(userIds: string[]): Promise<string[]>;
    /** The secret, on or pending, with the time step of the last accepted code. */
    secret(userId: string): Promise<{ secret: string; enabled: boolean; lastStep: number } | undefined>;
    /** Keeps a new pending secret, replacing a pending one; false when two-factor is already on. */
    begin(input: { userId: string; secret: string }): Promise<boolean>;
    /**
     * Turns the pending secret on, with the step of its confirming code and the
     * recovery codes' hashes, atomically; false when nothing was pending (or
     * that exact secret was not the one pending).
     */
    enable(input: { userId: string; secret: string; step: number; recoveryCodeHashes: string[] }): Promise<boolean>;
    /** Turns it off: the secret and the recovery codes go. False when it was not on. */
    disable(userId: string): Promise<boolean>;
    /**
     * Accepts a code's time step only if it is later than the last accepted one:
     * one conditional UPDATE, so a code (or an earlier one) is never accepted twice.
     */
    acceptStep(input: { userId: string; step: number }): Promise<boolean>;
    /** Spends a recovery code: one DELETE, so it works once. */
    spendRecoveryCode(input: { userId: string; codeHash: string }): Promise<boolean>;
    /** Replaces every recovery code of a user who has two-factor on. */
    replaceRecoveryCodes(input: { userId: string; codeHashes: string[] }): Promise<void>;
    /**
     * Records that a session passed a second factor after it signed in (its
     * cookie cannot say so), until it expires anyway; expired rows go in the same call.
     */
    markSession(input: { sessionId: string; expiresAt: Date; now: Date }): Promise<void>;
  };
  accounts: {
    /**
     * A user and their password account, atomically; undefined when the email
     * is taken. `jobs` (the table-backed queue's outbox, packages/jobs) are
     * stored in the same transaction, so they exist exactly when the user does.
     */
    signUp(input: {
      email: string;
      name: string;
      passwordHash: string;
      jobs?: ((user: User) => NewJob[]) | undefined;
    }): Promise<User | undefined>;
    /** The user behind an email and their password hash, for sign-in; undefined without a password account. */
    credentials(email: string): Promise<{ user: User; passwordHash: string } | undefined>;
    passwordHash(userId: string): Promise<string | undefined>;
    /** Sets (or first creates) the password account and ends every session, atomically. */
    setPassword(input: { userId: string; passwordHash: string }): Promise<void>;
    /** The user a provider's identity is linked to, if any: the only way an OAuth sign-in finds a user. */
    oauthUser(identity: OAuthIdentity): Promise<User | undefined>;
    /** A new user (role user) signed in through a provider; undefined when the email is already a user's. */
    createOAuthUser(input: OAuthIdentity & { email: string; name: string }): Promise<User | undefined>;
    /**
     * Links an identity to a signed-in user who asked for it (ADR 052): "linked" (also when it already
     * was theirs), or "taken" when it is another user's.
     */
    linkOAuth(input: OAuthIdentity & { userId: string }): Promise<"linked" | "taken">;
    /** The providers a user signs in through, oldest link first. */
    oauthAccounts(userId: string): Promise<{ provider: OAuthProvider; linkedAt: Date }[]>;
    /**
     * Removes a user's link to a provider, unless it is their last way in (no password, no passkey,
     * no other provider): "unlinked", "last", or "none" when there was no such link.
     */
    unlinkOAuth(input: { userId: string; provider: OAuthProvider }): Promise<"unlinked" | "last" | "none">;
  };
  passwordResets: {
    create(input: { userId: string; tokenHash: string; expiresAt: Date }): Promise<void>;
    /**
     * Spends an unused, unexpired token and sets the new password, atomically;
     * undefined when the token is unknown, used or expired.
     */
    redeem(input: { tokenHash: string; passwordHash: string; now: Date }): Promise<User | undefined>;
    /** Whether redeem would spend the token now; spends nothing and says nothing of whose it is. */
    isSpendable(input: { tokenHash: string; now: Date }): Promise<boolean>;
  };
  apiTokens: {
    create(input: {
      userId: string;
      name: string;
      scope: TokenScope;
      prefix: string;
      tokenHash: string;
      expiresAt: Date | null;
    }): Promise<ApiToken>;
    /** A user's tokens that still work or merely expired (revoked ones are gone), newest first. */
    list(userId: string): Promise<ApiToken[]>;
    /** Revokes one of `userId`'s tokens; false when it is not theirs or already revoked. */
    revoke(input: { id: string; userId: string; now: Date }): Promise<boolean>;
    /**
     * The user and scope behind a live token (not revoked, not expired), or
     * undefined; records when it was last used (at most once a minute).
     */
    authenticate(input: { tokenHash: string; now: Date }): Promise<{ user: User; scope: TokenScope } | undefined>;
  };
  /** Passkeys (WebAuthn credentials, ADR 047): each belongs to one user, who alone may list, rename or remove it. */
  passkeys: {
    /** Stores a new passkey; undefined when its credential id is stored already. */
    create(input: {
      userId: string;
      name: string;
      credentialId: string;
      publicKey: string;
      counter: number;
      transports: readonly string[];
      deviceType: PasskeyDeviceType;
      backedUp: boolean;
    }): Promise<Passkey | undefined>;
    /** A user's passkeys, newest first. */
    list(userId: string): Promise<Passkey[]>;
    /** The credential ids of a user's passkeys: registering one again is refused by the browser. */
    credentialIds(userId: string): Promise<string[]>;
    rename(input: { id: string; userId: string; name: string }): Promise<Passkey | undefined>;
    /** Removes one of `userId`'s passkeys; false when it is not theirs. */
    remove(input: { id: string; userId: string }): Promise<boolean>;
    /** The stored credential a sign-in names, with its owner. */
    byCredentialId(credentialId: string): Promise<PasskeyCredential | undefined>;
    /**
     * After a verified sign-in: the authenticator's new counter, and when.
     * False when the stored counter is already at or past it (a simultaneous
     * sign-in got there first): the counter never goes back.
     */
    recordUse(input: { id: string; counter: number; now: Date }): Promise<boolean>;
  };
  /** Challenges of WebAuthn ceremonies in progress (ADR 047): stored, short-lived, spent once. */
  webauthnChallenges: {
    /** Stores a challenge until `expiresAt`; challenges already expired at `now` go in the same call. */
    create(input: {
      challenge: string;
      purpose: WebauthnPurpose;
      userId: string | null;
      expiresAt: Date;
      now: Date;
    }): Promise<void>;
    /**
     * Deletes the challenge if it was issued for `purpose` to `userId` (null: a
     * sign-in) and has not expired; true when it did. One statement: of two
     * requests answering the same challenge, only one gets true.
     */
    spend(input: { challenge: string; purpose: WebauthnPurpose; userId: string | null; now: Date }): Promise<boolean>;
  };
  posts: {
    /** The feed, newest first, by keyset cursor: one SQL statement per page, whatever its size. */
    list(input: { viewerId: string | null; limit: number; cursor?: Cursor | null }): Promise<Page<PostView>>;
    byId(input: { id: string; viewerId: string | null }): Promise<PostView | undefined>;
    exists(id: string): Promise<boolean>;
    create(input: { title: string; body: string; authorId: string }): Promise<PostView>;
    /** Who wrote it, for the ownership check (ownerProcedure in packages/api/src/trpc.ts); undefined when unknown. */
    authorId(id: string): Promise<string | undefined>;
    /**
     * Edits a post: the title, the body or both (a field left out keeps its value; one at least is
     * given). Who may is the caller's question, answered before (ownerProcedure). The row is
     * written only when a given field differs: `edit` is what the UPDATE returned (null when
     * nothing changed, and updatedAt stayed), `post` the view as it is now; undefined when unknown.
     */
    update(input: {
      id: string;
      title?: string | undefined;
      body?: string | undefined;
      viewerId: string;
    }): Promise<{ post: PostView; edit: PostEdit | null } | undefined>;
    /** Deletes a post with its comments and likes (ON DELETE CASCADE). */
    delete(input: { id: string }): Promise<{ id: string } | undefined>;
  };
  comments: {
    /** A post's comments, oldest first, by keyset cursor. */
    list(input: { postId: string; limit: number; cursor?: Cursor | null }): Promise<Page<CommentView>>;
    byId(id: string): Promise<CommentView | undefined>;
    /** Undefined when the post does not exist: the foreign key decides, in the insert itself. */
    create(input: { postId: string; body: string; authorId: string }): Promise<CommentView | undefined>;
    /** Who wrote it, for the ownership check (ownerProcedure in packages/api/src/trpc.ts); undefined when unknown. */
    authorId(id: string): Promise<string | undefined>;
    /**
     * Edits a comment's body. Who may is the caller's question, answered before (ownerProcedure). The
     * row is written only when the body differs (`changed`); undefined when unknown.
     */
    update(input: { id: string; body: string }): Promise<{ comment: CommentView; changed: boolean } | undefined>;
    delete(input: { id: string }): Promise<{ id: string; postId: string } | undefined>;
    /** How many comments a post has now (comments_post_idx), for the events that change it. */
    count(postId: string): Promise<number>;
  };
  /** The durable job queue of the table backend (packages/jobs, docs/jobs.md). */
  jobs: JobStore;
  /** Side effects jobs have already had, so a retried job does not repeat them. */
  jobReceipts: {
    has(key: string): Promise<boolean>;
    /** Records the key; recording it twice is no error. */
    add(key: string): Promise<void>;
  };
  /** Admins' CSV exports of every post, built by a background job. */
  postExports: {
    /** A pending export; its `jobs` are stored in the same transaction (see accounts.signUp). */
    create(input: { requestedBy: string; jobs?: ((created: PostExport) => NewJob[]) | undefined }): Promise<PostExport>;
    byId(id: string): Promise<PostExport | undefined>;
    /** The file of a ready export; undefined while pending, after a failure, or for an unknown id. */
    file(id: string): Promise<{ csv: string; createdAt: Date } | undefined>;
    complete(input: { id: string; csv: string; rowCount: number; now: Date }): Promise<void>;
    fail(input: { id: string; error: string; now: Date }): Promise<void>;
  };
  /** Read-only summaries for reports and emails. */
  reports: {
    /**
     * What a user's weekly digest shows: the most liked posts written since
     * `since` (ties: newest first), and the comments others wrote on the
     * user's posts since then, newest first.
     */
    weeklyDigest(input: { userId: string; since: Date; limit: number }): Promise<WeeklyDigest>;
  };
  likes: {
    /**
     * Makes the user like the post, or not, atomically, and returns the new
     * state; `changed` is false when it already was so (the caller decides
     * whether that is an error). Undefined for an unknown post.
     */
    set(input: {
      userId: string;
      postId: string;
      liked: boolean;
    }): Promise<(LikeState & { changed: boolean }) | undefined>;
  };
}

export interface ApiToken {
  id: string;
  name: string;
  scope: TokenScope;
  prefix: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

/** A passkey as its owner sees it in settings. */
export interface Passkey {
  id: string;
  name: string;
  deviceType: PasskeyDeviceType;
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** What verifying a passkey sign-in needs: the stored key (base64url) and counter, and whose it is. */
export interface PasskeyCredential {
  id: string;
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  user: User;
}

/** One person's account at a provider: the provider's id for it, never its email (which can change hands). */
export interface OAuthIdentity {
  provider: OAuthProvider;
  providerAccountId: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The user a live session names, and whether that session passed a second factor after signing in (ADR 046). */
export interface SessionUser extends User {
  markedSecondFactor: boolean;
}

/** A post as every reader sees it: with its author, its counts and the viewer's like. */
export interface PostView {
  id: string;
  title: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  author: { id: string; name: string };
  likeCount: number;
  commentCount: number;
  viewerHasLiked: boolean;
}

/** What an edit changes of a post: its text and when, as the UPDATE wrote them. */
export type PostEdit = Pick<PostView, "id" | "title" | "body" | "updatedAt">;

export interface CommentView {
  id: string;
  postId: string;
  body: string;
  createdAt: Date;
  author: { id: string; name: string };
}

export interface LikeState {
  liked: boolean;
  likeCount: number;
}

/** A job as the table-backed queue stores it (packages/jobs builds these). */
export interface NewJob {
  name: string;
  /** JSON. */
  payload: string;
  idempotencyKey: string | null;
  maxAttempts: number;
  backoffMs: number;
  runAt: Date;
  /** The enqueuing span's trace context (W3C traceparent), when tracing is on: the job's run continues it. */
  traceparent?: string | null;
}

export interface StoredJob extends NewJob {
  id: string;
  state: JobState;
  /** Attempts started, this one included while it is active. */
  attempts: number;
  lockedUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/**
 * The queue table's operations. An attempt is named by the job's id and its
 * attempt number: a worker whose lease ran out (and whose job another worker
 * claimed) can no longer complete or fail it.
 */
export interface JobStore {
  /** Stores a job; when its idempotency key is already stored, stores nothing and names that job. */
  enqueue(job: NewJob): Promise<{ id: string; created: boolean }>;
  /**
   * Atomically takes the oldest job due at `now` — waiting with `runAt`
   * passed, or active with an expired lease (its worker died) — makes it
   * active until `leaseUntil` and counts the attempt. Two workers never get
   * the same job.
   */
  claim(input: { now: Date; leaseUntil: Date }): Promise<StoredJob | undefined>;
  /** Keeps a long attempt's lease; false when the attempt no longer holds the job. */
  extendLease(input: { id: string; attempt: number; leaseUntil: Date }): Promise<boolean>;
  complete(input: { id: string; attempt: number; now: Date }): Promise<boolean>;
  /** Ends an attempt that failed: waiting again from `retryAt`, or failed for good when it is null. */
  fail(input: { id: string; attempt: number; error: string; retryAt: Date | null; now: Date }): Promise<boolean>;
  byId(id: string): Promise<StoredJob | undefined>;
  counts(): Promise<Record<JobState, number>>;
  /** Failed jobs, most recently failed first. */
  failed(input: { limit: number }): Promise<StoredJob[]>;
  /** A failed job waits again, with all its attempts; false unless it was failed. */
  retry(input: { id: string; now: Date }): Promise<boolean>;
  /** Deletes a failed job; false unless it was failed. */
  discard(id: string): Promise<boolean>;
  /** Forgets done jobs finished before `doneBefore` and receipts older than `receiptsBefore`. */
  prune(input: { doneBefore: Date; receiptsBefore: Date }): Promise<void>;
}

export interface PostExport {
  id: string;
  requestedBy: string;
  status: ExportStatus;
  rowCount: number | null;
  error: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export interface WeeklyDigest {
  topPosts: { id: string; title: string; authorName: string; likeCount: number; commentCount: number }[];
  newComments: { id: string; postId: string; postTitle: string; authorName: string; body: string; createdAt: Date }[];
}
