import { createPostInput, listPostsInput, postIdInput, updatePostInput } from "@trellis/validators";
import { TRPCError } from "@trpc/server";

import { createTRPCRouter, ownerProcedure, protectedProcedure, publicProcedure } from "../trpc";

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "That post was not found" });

export const postRouter = createTRPCRouter({
  /** The feed, newest first, by cursor: author, counts and the viewer's like in one SQL statement. */
  list: publicProcedure
    .input(listPostsInput)
    .query(({ ctx, input }) =>
      ctx.data.posts.list({ viewerId: ctx.viewer?.id ?? null, limit: input.limit, cursor: input.cursor }),
    ),

  byId: publicProcedure.input(postIdInput).query(async ({ ctx, input }) => {
    const post = await ctx.data.posts.byId({ id: input.id, viewerId: ctx.viewer?.id ?? null });
    if (!post) throw notFound();
    return post;
  }),

  create: protectedProcedure
    .input(createPostInput)
    .mutation(({ ctx, input }) => ctx.data.posts.create({ ...input, authorId: ctx.viewer.id })),

  /** The author or an admin; anyone else gets NOT_FOUND, as if it did not exist. */
  update: ownerProcedure("post")
    .input(updatePostInput)
    .mutation(async ({ ctx, input }) => {
      const post = await ctx.data.posts.update({ ...input, viewerId: ctx.viewer.id });
      if (!post) throw notFound();
      return post;
    }),

  delete: ownerProcedure("post")
    .input(postIdInput)
    .mutation(async ({ ctx, input }) => {
      const deleted = await ctx.data.posts.delete({ id: input.id });
      if (!deleted) throw notFound();
      return deleted;
    }),
});
