import { toggleLikeInput } from "@trellis/validators";
import { TRPCError } from "@trpc/server";

import { createTRPCRouter, protectedProcedure } from "../trpc";

export const likeRouter = createTRPCRouter({
  /** Likes or unlikes; returns the new state so clients can settle optimistic updates. */
  toggle: protectedProcedure.input(toggleLikeInput).mutation(async ({ ctx, input }) => {
    const state = await ctx.data.likes.toggle({ userId: ctx.viewer.id, postId: input.postId });
    if (!state) throw new TRPCError({ code: "NOT_FOUND", message: "That post was not found" });
    return state;
  }),
});
