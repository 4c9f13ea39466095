import { z } from "zod";
import { idSchema } from "./id";
import { cursorInput } from "./pagination";
import { fieldError, isStorableText, UNSTORABLE_TEXT } from "./text";

export const COMMENT_BODY_MAX = 2_000;

export const commentBody = z
  .string({ error: fieldError("Comment is required", "Comment must be text") })
  .trim()
  .min(1, "Comment is required")
  .max(COMMENT_BODY_MAX, `Comment must be at most ${COMMENT_BODY_MAX.toLocaleString("en")} characters`)
  .refine(isStorableText, UNSTORABLE_TEXT)
  .meta({ examples: ["Nice one."] });

export const createCommentInput = z.object({ postId: idSchema, body: commentBody });
export const updateCommentInput = z.object({ id: idSchema, body: commentBody });
export const commentIdInput = z.object({ id: idSchema });
export const listCommentsInput = cursorInput({ defaultLimit: 50, maxLimit: 100 }).extend({
  postId: idSchema,
});

export type CreateCommentInput = z.input<typeof createCommentInput>;
export type UpdateCommentInput = z.input<typeof updateCommentInput>;
