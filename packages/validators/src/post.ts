import { z } from "zod";

import { idSchema } from "./id";
import { cursorInput } from "./pagination";
import { fieldError, isStorableText, UNSTORABLE_TEXT } from "./text";

/** What an edit that names no field is told. */
export const NOTHING_TO_EDIT = "Send a title, a body or both";

export const POST_TITLE_MAX = 120;
export const POST_BODY_MAX = 10_000;

export const postTitle = z
  .string({ error: fieldError("Title is required", "Title must be text") })
  .trim()
  .min(1, "Title is required")
  .max(POST_TITLE_MAX, `Title must be at most ${POST_TITLE_MAX} characters`)
  .refine(isStorableText, UNSTORABLE_TEXT)
  .meta({ examples: ["Hello, Trellis"] });

export const postBody = z
  .string({ error: fieldError("Body is required", "Body must be text") })
  .trim()
  .min(1, "Body is required")
  .max(POST_BODY_MAX, `Body must be at most ${POST_BODY_MAX.toLocaleString("en")} characters`)
  .refine(isStorableText, UNSTORABLE_TEXT)
  .meta({ examples: ["A first post from the API."] });

export const createPostInput = z.object({ title: postTitle, body: postBody });
/**
 * An edit says only what changes (PATCH, RFC 5789): a field left out keeps
 * its value, a field given is checked as when writing; at least one is given.
 * The web form sends both, the REST API and the typed client may send one
 * (docs/decisions/051-patch-is-partial-and-the-rest-contract.md).
 */
export const updatePostInput = z
  .object({ id: idSchema, title: postTitle.optional(), body: postBody.optional() })
  .refine((input) => input.title !== undefined || input.body !== undefined, {
    message: NOTHING_TO_EDIT,
    path: [],
  });
export const postIdInput = z.object({ id: idSchema });
export const listPostsInput = cursorInput({ defaultLimit: 20, maxLimit: 50 });

export type CreatePostInput = z.input<typeof createPostInput>;
export type UpdatePostInput = z.input<typeof updatePostInput>;
