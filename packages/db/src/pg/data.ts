import { and, asc, count, desc, eq, gt, isNull, lt, lte, notExists, or } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";

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
import * as t from "../schema/pg";
import { createPgJobsData, insertJobsIn } from "./jobs-data";

const { users, accounts, passwordResets, revokedSessions, apiTokens, posts, comments, likes } = t;

/** Any Drizzle Postgres client on this schema: postgres.js in production, PGlite in tests. */
export type PgDb = PgDatabase<PgQueryResultHKT, typeof t>;
type PgTx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];

const first = <T>(rows: T[]): T | undefined => rows[0];

/** INSERT … RETURNING always returns the row; this says so to the type checker. */
function inserted<T>(rows: T[]): T {
  const [row] = rows;
  if (!row) throw new Error("INSERT … RETURNING returned no row");
  return row;
}

/**
 * The data layer on Postgres. Its twin is ../sqlite/data.ts: same contract,
 * same fragments, same tests; they differ only where the drivers do (async
 * transactions with row locks here, synchronous IMMEDIATE ones there).
 */
export function createPgData(db: PgDb): DataLayer {
  const selectPostViews = (viewerId: Parameters<typeof postViewFields>[1]) =>
    db.select(postViewFields(t, viewerId)).from(posts).innerJoin(users, eq(users.id, posts.authorId));
  const selectCommentViews = () =>
    db.select(commentViewFields(t)).from(comments).innerJoin(users, eq(users.id, comments.authorId));
  const postById = async (id: string, viewerId: string | null) =>
    first(await selectPostViews(viewerId).where(eq(posts.id, id)));
  const commentById = async (id: string) => first(await selectCommentViews().where(eq(comments.id, id)));

  /** The feed, prepared once per shape on first use (feedShape): no SQL is built per request. */
  const prepareFeed = (shape: ReturnType<typeof feedShape>, withViewer: boolean, withCursor: boolean) =>
    selectPostViews(withViewer ? feedPlaceholders.viewerId : null)
      .where(withCursor ? beyondCursor("newest first", posts, feedPlaceholders.cursor) : undefined)
      .orderBy(desc(posts.createdAt), desc(posts.id))
      .limit(feedPlaceholders.limit)
      .prepare(`trellis_feed_${shape.replace("-", "_")}`);
  const feedStatements = new Map<ReturnType<typeof feedShape>, ReturnType<typeof prepareFeed>>();

  const revokedSession = (sessionId: string) =>
    db
      .select({ sessionId: revokedSessions.sessionId })
      .from(revokedSessions)
      .where(eq(revokedSessions.sessionId, sessionId));

  /** Inside a transaction: the password account's hash set (created if missing), every session ended. */
  const setPasswordIn = async (tx: PgTx, userId: string, passwordHash: string) => {
    const credentials = and(eq(accounts.userId, userId), eq(accounts.provider, "credentials"));
    const updated = await tx.update(accounts).set({ passwordHash }).where(credentials).returning({ id: accounts.id });
    const user = first(await tx.update(users).set(nextSessionVersion(users)).where(eq(users.id, userId)).returning());
    if (user && updated.length === 0) {
      await tx
        .insert(accounts)
        .values({ userId, provider: "credentials", providerAccountId: user.email, passwordHash });
    }
    return user;
  };

  return {
    // The queue table, receipts, exports and reports: ./jobs-data.ts.
    ...createPgJobsData(db),

    users: {
      byId: async (id) => first(await db.select().from(users).where(eq(users.id, id))),
      byEmail: async (email) => first(await db.select().from(users).where(eq(users.email, email))),
      create: async (input) => inserted(await db.insert(users).values(input).returning()),
      list: async ({ search, limit, cursor }) => {
        const matches = nameOrEmailContains(users, search, "ilike");
        const rows = await db
          .select()
          .from(users)
          .where(and(matches, beyondCursor("newest first", users, cursor)))
          .orderBy(desc(users.createdAt), desc(users.id))
          .limit(limit + 1);
        return toPage(rows, limit);
      },
      rename: async ({ id, name }) => first(await db.update(users).set({ name }).where(eq(users.id, id)).returning()),
      setRole: async ({ id, role }) => first(await db.update(users).set({ role }).where(eq(users.id, id)).returning()),
      revokeSessions: async (id) => {
        await db.update(users).set(nextSessionVersion(users)).where(eq(users.id, id));
      },
    },

    sessions: {
      user: async ({ userId, sessionId }) =>
        first(
          await db
            .select()
            .from(users)
            .where(and(eq(users.id, userId), notExists(revokedSession(sessionId)))),
        ),
      revoke: async ({ sessionId, expiresAt, now }) => {
        // Pruning here keeps the table as small as the sessions signed out in the last 30 days.
        await db.delete(revokedSessions).where(lte(revokedSessions.expiresAt, now));
        await db.insert(revokedSessions).values({ sessionId, expiresAt }).onConflictDoNothing();
      },
    },

    accounts: {
      signUp: async ({ email, name, passwordHash, jobs }) => {
        try {
          return await db.transaction(async (tx): Promise<User> => {
            const user = inserted(await tx.insert(users).values({ email, name }).returning());
            await tx
              .insert(accounts)
              .values({ userId: user.id, provider: "credentials", providerAccountId: email, passwordHash });
            await insertJobsIn(tx, jobs?.(user) ?? []);
            return user;
          });
        } catch (error) {
          if (isUniqueViolation(error)) return undefined;
          throw error;
        }
      },
      credentials: async (email) => {
        const row = first(
          await db
            .select({ user: users, passwordHash: accounts.passwordHash })
            .from(users)
            .innerJoin(accounts, and(eq(accounts.userId, users.id), eq(accounts.provider, "credentials")))
            .where(eq(users.email, email)),
        );
        return row?.passwordHash ? { user: row.user, passwordHash: row.passwordHash } : undefined;
      },
      passwordHash: async (userId) =>
        first(
          await db
            .select({ passwordHash: accounts.passwordHash })
            .from(accounts)
            .where(and(eq(accounts.userId, userId), eq(accounts.provider, "credentials"))),
        )?.passwordHash ?? undefined,
      setPassword: async ({ userId, passwordHash }) => {
        await db.transaction((tx) => setPasswordIn(tx, userId, passwordHash));
      },
      linkOAuth: async ({ provider, providerAccountId, email, name }) =>
        db.transaction(async (tx): Promise<User> => {
          const linked = first(
            await tx
              .select({ user: users })
              .from(accounts)
              .innerJoin(users, eq(users.id, accounts.userId))
              .where(and(eq(accounts.provider, provider), eq(accounts.providerAccountId, providerAccountId))),
          );
          if (linked) return linked.user;
          const user =
            first(await tx.select().from(users).where(eq(users.email, email))) ??
            inserted(await tx.insert(users).values({ email, name }).returning());
          await tx.insert(accounts).values({ userId: user.id, provider, providerAccountId });
          return user;
        }),
    },

    passwordResets: {
      create: async (input) => {
        await db.insert(passwordResets).values(input);
      },
      redeem: async ({ tokenHash, passwordHash, now }) =>
        db.transaction(async (tx) => {
          // Spending the token is the UPDATE's WHERE: two redemptions cannot both match.
          const spent = first(
            await tx
              .update(passwordResets)
              .set({ usedAt: now })
              .where(
                and(
                  eq(passwordResets.tokenHash, tokenHash),
                  isNull(passwordResets.usedAt),
                  gt(passwordResets.expiresAt, now),
                ),
              )
              .returning({ userId: passwordResets.userId }),
          );
          return spent ? setPasswordIn(tx, spent.userId, passwordHash) : undefined;
        }),
    },

    apiTokens: {
      create: async (input) => inserted(await db.insert(apiTokens).values(input).returning(apiTokenFields(t))),
      list: (userId) =>
        db
          .select(apiTokenFields(t))
          .from(apiTokens)
          .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
          .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id)),
      revoke: async ({ id, userId, now }) =>
        (
          await db
            .update(apiTokens)
            .set({ revokedAt: now })
            .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
            .returning({ id: apiTokens.id })
        ).length > 0,
      authenticate: async ({ tokenHash, now }) => {
        const row = first(
          await db
            .select({ id: apiTokens.id, scope: apiTokens.scope, lastUsedAt: apiTokens.lastUsedAt, user: users })
            .from(apiTokens)
            .innerJoin(users, eq(users.id, apiTokens.userId))
            .where(and(eq(apiTokens.tokenHash, tokenHash), liveToken(apiTokens, now))),
        );
        if (!row) return undefined;
        const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
        // Most calls find it fresh and write nothing; the WHERE repeats the test for concurrent calls.
        if (!isStale(row.lastUsedAt, stale)) return { user: row.user, scope: row.scope };
        await db
          .update(apiTokens)
          .set({ lastUsedAt: now })
          .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))));
        return { user: row.user, scope: row.scope };
      },
    },

    posts: {
      list: async (input) => {
        const shape = feedShape(input.viewerId, input.cursor);
        let feed = feedStatements.get(shape);
        if (!feed) {
          feed = prepareFeed(shape, input.viewerId !== null, Boolean(input.cursor));
          feedStatements.set(shape, feed);
        }
        return toPage(await feed.execute(feedSlots(posts.createdAt, input)), input.limit);
      },
      byId: ({ id, viewerId }) => postById(id, viewerId),
      exists: async (id) => (await db.select({ id: posts.id }).from(posts).where(eq(posts.id, id))).length > 0,
      authorId: async (id) =>
        first(await db.select({ authorId: posts.authorId }).from(posts).where(eq(posts.id, id)))?.authorId,
      create: async (input) => {
        const { id } = inserted(await db.insert(posts).values(input).returning({ id: posts.id }));
        const post = await postById(id, input.authorId);
        if (!post) throw new Error(`Post ${id} vanished right after it was created`);
        return post;
      },
      update: async ({ id, title, body, viewerId }) => {
        const updated = first(
          await db.update(posts).set({ title, body }).where(eq(posts.id, id)).returning({ id: posts.id }),
        );
        return updated && postById(updated.id, viewerId);
      },
      delete: async ({ id }) => first(await db.delete(posts).where(eq(posts.id, id)).returning({ id: posts.id })),
    },

    comments: {
      list: async ({ postId, limit, cursor }) => {
        const rows = await selectCommentViews()
          .where(and(eq(comments.postId, postId), beyondCursor("oldest first", comments, cursor)))
          .orderBy(asc(comments.createdAt), asc(comments.id))
          .limit(limit + 1);
        return toPage(rows, limit);
      },
      byId: (id) => commentById(id),
      create: async (input) => {
        try {
          const { id } = inserted(await db.insert(comments).values(input).returning({ id: comments.id }));
          return await commentById(id);
        } catch (error) {
          if (isForeignKeyViolation(error)) return undefined;
          throw error;
        }
      },
      authorId: async (id) =>
        first(await db.select({ authorId: comments.authorId }).from(comments).where(eq(comments.id, id)))?.authorId,
      update: async ({ id, body }) => {
        const updated = first(
          await db.update(comments).set({ body }).where(eq(comments.id, id)).returning({ id: comments.id }),
        );
        return updated && commentById(updated.id);
      },
      delete: async ({ id }) =>
        first(
          await db.delete(comments).where(eq(comments.id, id)).returning({ id: comments.id, postId: comments.postId }),
        ),
    },

    likes: {
      // Read-then-write: FOR UPDATE locks the post's row, so likes and unlikes
      // of one post queue up behind each other and each counts what the last left.
      set: ({ userId, postId, liked }) =>
        db.transaction(async (tx) => {
          const post = await tx.select({ id: posts.id }).from(posts).where(eq(posts.id, postId)).for("update");
          if (post.length === 0) return undefined;
          const mine = likeBy(likes, userId, postId);
          // A row returned means the state changed; none means it already was so.
          const written = liked
            ? await tx.insert(likes).values({ userId, postId }).onConflictDoNothing().returning()
            : await tx.delete(likes).where(mine).returning();
          const [row] = await tx.select({ n: count() }).from(likes).where(eq(likes.postId, postId));
          return { liked, likeCount: row?.n ?? 0, changed: written.length > 0 };
        }),
    },
  };
}
