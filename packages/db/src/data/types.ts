import type { Cursor, Page } from "@trellis/validators";

import type { Role } from "../schema/shared";

/**
 * The data layer's contract: what procedures may ask of the database. It is
 * written once, here; each dialect implements it (sqlite/data.ts, pg/data.ts)
 * from the same query fragments (./fragments.ts), and one behaviour suite
 * (./data.test.ts) runs against every dialect.
 */
export interface DataLayer {
  users: {
    byEmail(email: string): Promise<User | undefined>;
    create(input: { email: string; name: string; role?: Role }): Promise<User>;
  };
  posts: {
    /** The feed, newest first, by keyset cursor: one SQL statement per page, whatever its size. */
    list(input: { viewerId: string | null; limit: number; cursor?: Cursor | null }): Promise<Page<PostView>>;
    byId(input: { id: string; viewerId: string | null }): Promise<PostView | undefined>;
    exists(id: string): Promise<boolean>;
    create(input: { title: string; body: string; authorId: string }): Promise<PostView>;
    /** Edits a post if `authorId` wrote it; undefined otherwise (ownership is part of the WHERE). */
    update(input: { id: string; title: string; body: string; authorId: string }): Promise<PostView | undefined>;
    /** Deletes a post `authorId` wrote, with its comments and likes (ON DELETE CASCADE). */
    delete(input: { id: string; authorId: string }): Promise<{ id: string } | undefined>;
  };
  comments: {
    /** A post's comments, oldest first, by keyset cursor. */
    list(input: { postId: string; limit: number; cursor?: Cursor | null }): Promise<Page<CommentView>>;
    /** Undefined when the post does not exist: the foreign key decides, in the insert itself. */
    create(input: { postId: string; body: string; authorId: string }): Promise<CommentView | undefined>;
    delete(input: { id: string; authorId: string }): Promise<{ id: string; postId: string } | undefined>;
  };
  likes: {
    /** Likes or unlikes atomically and returns the new state; undefined for an unknown post. */
    toggle(input: { userId: string; postId: string }): Promise<LikeState | undefined>;
  };
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
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
