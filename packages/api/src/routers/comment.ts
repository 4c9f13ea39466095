import { commentIdInput, createCommentInput, listCommentsInput } from "@trellis/validators";
import { TRPCError } from "@trpc/server";

import { createTRPCRouter, ownerProcedure, protectedProcedure, publicProcedure } from "../trpc";

export const commentRouter = createTRPCRouter({
  /** A post's comments, oldest first, by cursor. */
  list: publicProcedure.input(listCommentsInput).query(async ({ ctx, input }) => {
    // An empty list would be ambiguous: say plainly when the post is gone.
    if (!input.cursor && !(await ctx.data.posts.exists(input.postId))) {
      throw new TRPCError({ code: "NOT_FOUND", message: "That post was not found" });
    }
    return ctx.data.comments.list(input);
  }),

  create: protectedProcedure.input(createCommentInput).mutation(async ({ ctx, input }) => {
    const comment = await ctx.data.comments.create({ ...input, authorId: ctx.viewer.id });
    if (!comment) throw new TRPCError({ code: "NOT_FOUND", message: "That post was not found" });
    return comment;
  }),

  /** The author or an admin; anyone else gets NOT_FOUND, as if it did not exist. */
  delete: ownerProcedure("comment")
    .input(commentIdInput)
    .mutation(async ({ ctx, input }) => {
      const deleted = await ctx.data.comments.delete({ id: input.id });
      if (!deleted) throw new TRPCError({ code: "NOT_FOUND", message: "That comment was not found" });
      return deleted;
    }),
});
