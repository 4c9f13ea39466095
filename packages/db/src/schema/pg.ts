import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { uuidv7 } from "uuidv7";

import { roles } from "./shared";

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

export const users = pgTable("users", {
  id: id(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: roles }).notNull().default("user"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const posts = pgTable(
  "posts",
  {
    id: id(),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("posts_feed_idx").on(t.createdAt, t.id), index("posts_author_idx").on(t.authorId)],
);

export const comments = pgTable(
  "comments",
  {
    id: id(),
    postId: text("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("comments_post_idx").on(t.postId, t.createdAt, t.id), index("comments_author_idx").on(t.authorId)],
);

export const likes = pgTable(
  "likes",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    postId: text("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.postId] }), index("likes_post_idx").on(t.postId)],
);
