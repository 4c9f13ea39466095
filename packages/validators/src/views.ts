import { z } from "zod";

import { roleSchema } from "./account";
import { idSchema } from "./id";

/**
 * What procedures return, as zod schemas. Procedures declare them with
 * `.output(…)`, which does three things at once: TypeScript checks each
 * resolver's return type against them, tRPC strips anything extra at runtime
 * (nothing leaks that is not listed here), and the OpenAPI document describes
 * REST responses from them — so the docs cannot drift from what is sent.
 *
 * `meta({ id })` names a schema in the document's components; the examples
 * show in the API reference (/docs/api) and are checked against the schemas
 * by packages/server/src/rest/document.test.ts.
 */

// Dates travel as Dates over tRPC (devalue, ADR 019) and as ISO 8601 strings in REST JSON.
const timestamp = z.date().meta({ type: "string", format: "date-time" });

const examplePostId = "01937c4e-8a4b-7c3e-9f10-2b5d6e7f8a90";
const exampleAuthor = { id: "01937c4e-7d21-7a6b-8c3d-4e5f60718293", name: "Demo User" };
const exampleTime = "2026-11-25T09:30:00.000Z";

export const authorView = z
  .object({ id: idSchema, name: z.string() })
  .meta({ id: "Author", description: "Who wrote a post or comment" });

export const postView = z
  .object({
    id: idSchema,
    title: z.string(),
    body: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
    author: authorView,
    likeCount: z.number().int().nonnegative(),
    commentCount: z.number().int().nonnegative(),
    viewerHasLiked: z.boolean().meta({ description: "Whether the caller likes it; false when anonymous" }),
  })
  .meta({
    id: "Post",
    examples: [
      {
        id: examplePostId,
        title: "Hello, Trellis",
        body: "A first post from the API.",
        createdAt: exampleTime,
        updatedAt: exampleTime,
        author: exampleAuthor,
        likeCount: 3,
        commentCount: 1,
        viewerHasLiked: false,
      },
    ],
  });

export const commentView = z
  .object({
    id: idSchema,
    postId: idSchema,
    body: z.string(),
    createdAt: timestamp,
    author: authorView,
  })
  .meta({
    id: "Comment",
    examples: [
      {
        id: "01937c4f-0b1c-7d2e-8f30-415263748596",
        postId: examplePostId,
        body: "Nice one.",
        createdAt: exampleTime,
        author: exampleAuthor,
      },
    ],
  });

export const likeState = z
  .object({ liked: z.boolean(), likeCount: z.number().int().nonnegative() })
  .meta({ id: "LikeState", examples: [{ liked: true, likeCount: 4 }] });

export const viewerView = z
  .object({
    id: idSchema,
    name: z.string(),
    role: roleSchema,
    via: z.enum(["session", "read-token", "read-write-token"]).meta({ description: "How the caller signed in" }),
  })
  .meta({
    id: "Viewer",
    description: "Who is calling, or null when the request carries no credentials",
    examples: [{ ...exampleAuthor, role: "user", via: "read-write-token" }],
  });

/** One page of a keyset-paginated list; pass `nextCursor` back as `cursor` for the next. */
export function pageOf<Item extends z.ZodType>(item: Item, id: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: "Opaque; null on the last page" }),
    })
    .meta({ id });
}

export const postPage = pageOf(postView, "PostPage");
export const commentPage = pageOf(commentView, "CommentPage");
