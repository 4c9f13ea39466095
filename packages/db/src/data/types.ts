import type { Cursor, Page } from "@trellis/validators";

import type { Role, TokenScope } from "../schema/shared";

/**
 * The data layer's contract: what procedures may ask of the database. It is
 * written once, here; each dialect implements it (sqlite/data.ts, pg/data.ts)
 * from the same query fragments (./fragments.ts), and one behaviour suite
 * (./data.test.ts) runs against every dialect.
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
  accounts: {
    /** A user and their password account, atomically; undefined when the email is taken. */
    signUp(input: { email: string; name: string; passwordHash: string }): Promise<User | undefined>;
    /** The user behind an email and their password hash, for sign-in; undefined without a password account. */
    credentials(email: string): Promise<{ user: User; passwordHash: string } | undefined>;
    passwordHash(userId: string): Promise<string | undefined>;
    /** Sets (or first creates) the password account and ends every session, atomically. */
    setPassword(input: { userId: string; passwordHash: string }): Promise<void>;
    /** The user an OAuth identity signs in as: linked before, matched by email, or created. */
    linkOAuth(input: { provider: "github"; providerAccountId: string; email: string; name: string }): Promise<User>;
  };
  passwordResets: {
    create(input: { userId: string; tokenHash: string; expiresAt: Date }): Promise<void>;
    /**
     * Spends an unused, unexpired token and sets the new password, atomically;
     * undefined when the token is unknown, used or expired.
     */
    redeem(input: { tokenHash: string; passwordHash: string; now: Date }): Promise<User | undefined>;
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
  posts: {
    /** The feed, newest first, by keyset cursor: one SQL statement per page, whatever its size. */
    list(input: { viewerId: string | null; limit: number; cursor?: Cursor | null }): Promise<Page<PostView>>;
    byId(input: { id: string; viewerId: string | null }): Promise<PostView | undefined>;
    exists(id: string): Promise<boolean>;
    create(input: { title: string; body: string; authorId: string }): Promise<PostView>;
    /** Who wrote it, for the ownership check (ownerProcedure in packages/api/src/trpc.ts); undefined when unknown. */
    authorId(id: string): Promise<string | undefined>;
    /** Edits a post. Who may is the caller's question, answered before (ownerProcedure). */
    update(input: { id: string; title: string; body: string; viewerId: string }): Promise<PostView | undefined>;
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
    /** Edits a comment's body. Who may is the caller's question, answered before (ownerProcedure). */
    update(input: { id: string; body: string }): Promise<CommentView | undefined>;
    delete(input: { id: string }): Promise<{ id: string; postId: string } | undefined>;
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

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionVersion: number;
  createdAt: Date;
  updatedAt: Date;
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
