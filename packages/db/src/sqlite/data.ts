import { and, asc, count, desc, eq, gt, isNull, lt, lte, notExists, or } from "drizzle-orm";

import { isForeignKeyViolation, isUniqueViolation } from "../data/errors";
import {
  apiTokenFields,
  beyondCursor,
  commentViewFields,
  feedPlaceholders,
  feedShape,
  feedSlots,
  isStale,
  LAST_USED_RESOLUTION_MS,
  likeBy,
  liveToken,
  nameOrEmailContains,
  nextSessionVersion,
  postViewFields,
  toPage,
} from "../data/fragments";
import type { DataLayer, User } from "../data/types";
import * as t from "../schema/sqlite";
import { createSqliteJobsData, insertJobsIn } from "./jobs-data";
import type { SqliteDb, SqliteTx, WriteTransaction } from "./transaction";

const { users, accounts, passwordResets, revokedSessions, apiTokens, posts, comments, likes } = t;

/**
 * The data layer on SQLite (better-sqlite3). Its twin is ../pg/data.ts: same
 * contract, same fragments, same tests; they differ only where the drivers do
 * (synchronous IMMEDIATE transactions here, async row locks there).
 */
export function createSqliteData(db: SqliteDb, transaction: WriteTransaction): DataLayer {
  const selectPostViews = (viewerId: Parameters<typeof postViewFields>[1]) =>
    db.select(postViewFields(t, viewerId)).from(posts).innerJoin(users, eq(users.id, posts.authorId));
  const selectCommentViews = () =>
    db.select(commentViewFields(t)).from(comments).innerJoin(users, eq(users.id, comments.authorId));
  const postById = (id: string, viewerId: string | null) => selectPostViews(viewerId).where(eq(posts.id, id)).get();
  const commentById = (id: string) => selectCommentViews().where(eq(comments.id, id)).get();

  /** The feed, prepared once per shape on first use (feedShape): no SQL is built per request. */
  const prepareFeed = (withViewer: boolean, withCursor: boolean) =>
    selectPostViews(withViewer ? feedPlaceholders.viewerId : null)
      .where(withCursor ? beyondCursor("newest first", posts, feedPlaceholders.cursor) : undefined)
      .orderBy(desc(posts.createdAt), desc(posts.id))
      .limit(feedPlaceholders.limit)
      .prepare();
  const feedStatements = new Map<ReturnType<typeof feedShape>, ReturnType<typeof prepareFeed>>();

  const revokedSession = (sessionId: string) =>
    db
      .select({ sessionId: revokedSessions.sessionId })
      .from(revokedSessions)
      .where(eq(revokedSessions.sessionId, sessionId));

  /** Inside a transaction: the password account's hash set (created if missing), every session ended. */
  const setPasswordIn = (tx: SqliteTx, userId: string, passwordHash: string) => {
    const credentials = and(eq(accounts.userId, userId), eq(accounts.provider, "credentials"));
    const updated = tx.update(accounts).set({ passwordHash }).where(credentials).returning({ id: accounts.id }).all();
    const user = tx.update(users).set(nextSessionVersion(users)).where(eq(users.id, userId)).returning().get();
    if (user && updated.length === 0) {
      tx.insert(accounts)
        .values({ userId, provider: "credentials", providerAccountId: user.email, passwordHash })
        .run();
    }
    return user;
  };

  return {
    // The queue table, receipts, exports and reports: ./jobs-data.ts.
    ...createSqliteJobsData(db, transaction),

    users: {
      byId: async (id) => db.select().from(users).where(eq(users.id, id)).get(),
      byEmail: async (email) => db.select().from(users).where(eq(users.email, email)).get(),
      create: async (input) => db.insert(users).values(input).returning().get(),
      list: async ({ search, limit, cursor }) => {
        const matches = nameOrEmailContains(users, search, "like");
        const rows = await db
          .select()
          .from(users)
          .where(and(matches, beyondCursor("newest first", users, cursor)))
          .orderBy(desc(users.createdAt), desc(users.id))
          .limit(limit + 1);
        return toPage(rows, limit);
      },
      rename: async ({ id, name }) => db.update(users).set({ name }).where(eq(users.id, id)).returning().get(),
      setRole: async ({ id, role }) => db.update(users).set({ role }).where(eq(users.id, id)).returning().get(),
      revokeSessions: async (id) => {
        db.update(users).set(nextSessionVersion(users)).where(eq(users.id, id)).run();
      },
    },

    sessions: {
      user: async ({ userId, sessionId }) =>
        db
          .select()
          .from(users)
          .where(and(eq(users.id, userId), notExists(revokedSession(sessionId))))
          .get(),
      revoke: async ({ sessionId, expiresAt, now }) => {
        // Pruning here keeps the table as small as the sessions signed out in the last 30 days.
        db.delete(revokedSessions).where(lte(revokedSessions.expiresAt, now)).run();
        db.insert(revokedSessions).values({ sessionId, expiresAt }).onConflictDoNothing().run();
      },
    },

    accounts: {
      signUp: async ({ email, name, passwordHash, jobs }) => {
        try {
          return transaction((tx): User => {
            const user = tx.insert(users).values({ email, name }).returning().get();
            tx.insert(accounts)
              .values({ userId: user.id, provider: "credentials", providerAccountId: email, passwordHash })
              .run();
            insertJobsIn(tx, jobs?.(user) ?? []);
            return user;
          });
        } catch (error) {
          if (isUniqueViolation(error)) return undefined;
          throw error;
        }
      },
      credentials: async (email) => {
        const row = db
          .select({ user: users, passwordHash: accounts.passwordHash })
          .from(users)
          .innerJoin(accounts, and(eq(accounts.userId, users.id), eq(accounts.provider, "credentials")))
          .where(eq(users.email, email))
          .get();
        return row?.passwordHash ? { user: row.user, passwordHash: row.passwordHash } : undefined;
      },
      passwordHash: async (userId) =>
        db
          .select({ passwordHash: accounts.passwordHash })
          .from(accounts)
          .where(and(eq(accounts.userId, userId), eq(accounts.provider, "credentials")))
          .get()?.passwordHash ?? undefined,
      setPassword: async ({ userId, passwordHash }) => {
        transaction((tx) => {
          setPasswordIn(tx, userId, passwordHash);
        });
      },
      linkOAuth: async ({ provider, providerAccountId, email, name }) =>
        transaction((tx): User => {
          const linked = tx
            .select({ user: users })
            .from(accounts)
            .innerJoin(users, eq(users.id, accounts.userId))
            .where(and(eq(accounts.provider, provider), eq(accounts.providerAccountId, providerAccountId)))
            .get();
          if (linked) return linked.user;
          const user =
            tx.select().from(users).where(eq(users.email, email)).get() ??
            tx.insert(users).values({ email, name }).returning().get();
          tx.insert(accounts).values({ userId: user.id, provider, providerAccountId }).run();
          return user;
        }),
    },

    passwordResets: {
      create: async (input) => {
        db.insert(passwordResets).values(input).run();
      },
      redeem: async ({ tokenHash, passwordHash, now }) =>
        transaction((tx) => {
          // Spending the token is the UPDATE's WHERE: two redemptions cannot both match.
          const spent = tx
            .update(passwordResets)
            .set({ usedAt: now })
            .where(
              and(
                eq(passwordResets.tokenHash, tokenHash),
                isNull(passwordResets.usedAt),
                gt(passwordResets.expiresAt, now),
              ),
            )
            .returning({ userId: passwordResets.userId })
            .get();
          return spent ? setPasswordIn(tx, spent.userId, passwordHash) : undefined;
        }),
    },

    apiTokens: {
      create: async (input) => db.insert(apiTokens).values(input).returning(apiTokenFields(t)).get(),
      list: async (userId) =>
        db
          .select(apiTokenFields(t))
          .from(apiTokens)
          .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
          .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
          .all(),
      revoke: async ({ id, userId, now }) =>
        db
          .update(apiTokens)
          .set({ revokedAt: now })
          .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
          .returning({ id: apiTokens.id })
          .all().length > 0,
      authenticate: async ({ tokenHash, now }) => {
        const row = db
          .select({ id: apiTokens.id, scope: apiTokens.scope, lastUsedAt: apiTokens.lastUsedAt, user: users })
          .from(apiTokens)
          .innerJoin(users, eq(users.id, apiTokens.userId))
          .where(and(eq(apiTokens.tokenHash, tokenHash), liveToken(apiTokens, now)))
          .get();
        if (!row) return undefined;
        const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
        // Most calls find it fresh and write nothing; the WHERE repeats the test for concurrent calls.
        if (!isStale(row.lastUsedAt, stale)) return { user: row.user, scope: row.scope };
        db.update(apiTokens)
          .set({ lastUsedAt: now })
          .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))))
          .run();
        return { user: row.user, scope: row.scope };
      },
    },

    posts: {
      list: async (input) => {
        const shape = feedShape(input.viewerId, input.cursor);
        let feed = feedStatements.get(shape);
        if (!feed) {
          feed = prepareFeed(input.viewerId !== null, Boolean(input.cursor));
          feedStatements.set(shape, feed);
        }
        return toPage(feed.all(feedSlots(posts.createdAt, input)), input.limit);
      },
      byId: async ({ id, viewerId }) => postById(id, viewerId),
      exists: async (id) => (await db.select({ id: posts.id }).from(posts).where(eq(posts.id, id)).get()) !== undefined,
      authorId: async (id) =>
        db.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, id)).get()?.authorId,
      create: async (input) => {
        const { id } = db.insert(posts).values(input).returning({ id: posts.id }).get();
        const post = postById(id, input.authorId);
        if (!post) throw new Error(`Post ${id} vanished right after it was created`);
        return post;
      },
      update: async ({ id, title, body, viewerId }) => {
        const updated = db.update(posts).set({ title, body }).where(eq(posts.id, id)).returning({ id: posts.id }).get();
        return updated && postById(updated.id, viewerId);
      },
      delete: async ({ id }) => db.delete(posts).where(eq(posts.id, id)).returning({ id: posts.id }).get(),
    },

    comments: {
      list: async ({ postId, limit, cursor }) => {
        const rows = await selectCommentViews()
          .where(and(eq(comments.postId, postId), beyondCursor("oldest first", comments, cursor)))
          .orderBy(asc(comments.createdAt), asc(comments.id))
          .limit(limit + 1);
        return toPage(rows, limit);
      },
      byId: async (id) => commentById(id),
      create: async (input) => {
        try {
          const { id } = db.insert(comments).values(input).returning({ id: comments.id }).get();
          return commentById(id);
        } catch (error) {
          if (isForeignKeyViolation(error)) return undefined;
          throw error;
        }
      },
      authorId: async (id) =>
        db.select({ authorId: comments.authorId }).from(comments).where(eq(comments.id, id)).get()?.authorId,
      update: async ({ id, body }) => {
        const updated = db
          .update(comments)
          .set({ body })
          .where(eq(comments.id, id))
          .returning({ id: comments.id })
          .get();
        return updated && commentById(updated.id);
      },
      delete: async ({ id }) =>
        db.delete(comments).where(eq(comments.id, id)).returning({ id: comments.id, postId: comments.postId }).get(),
    },

    likes: {
      // Read-then-write: one IMMEDIATE transaction, so no other writer slips
      // between the post check, the write and the count.
      set: async ({ userId, postId, liked }) =>
        transaction((tx) => {
          if (!tx.select({ id: posts.id }).from(posts).where(eq(posts.id, postId)).get()) return undefined;
          const mine = likeBy(likes, userId, postId);
          // A row returned means the state changed; none means it already was so.
          const written = liked
            ? tx.insert(likes).values({ userId, postId }).onConflictDoNothing().returning().all()
            : tx.delete(likes).where(mine).returning().all();
          const row = tx.select({ n: count() }).from(likes).where(eq(likes.postId, postId)).get();
          return { liked, likeCount: row?.n ?? 0, changed: written.length > 0 };
        }),
    },
  };
}
