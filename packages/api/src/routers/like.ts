import type { LikeState } from "@trellis/db";
import { likeInput, likeState, resumeInput } from "@trellis/validators";
import { TRPCError, tracked } from "@trpc/server";

import type { EventBus } from "../events";

import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "That post was not found" });

const announce = (events: EventBus, postId: string, { likeCount }: LikeState) =>
  events.publish({ type: "like.changed", postId, likeCount });

export const likeRouter = createTRPCRouter({
  /**
   * Likes a post. Liking it twice is a CONFLICT, not a silent success: the
   * caller's view was stale (say, liked meanwhile in another tab) and should refresh.
   */
  add: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/posts/{postId}/likes",
        tags: ["likes"],
        summary: "Like a post",
        errorResponses: { 409: "You already like this post" },
      },
      // A like has no page of its own: the post shows it (`viewerHasLiked`, `likeCount`).
      location: "/posts/{postId}",
    })
    .input(likeInput)
    .output(likeState)
    .mutation(async ({ ctx, input }) => {
      const state = await ctx.data.likes.set({ userId: ctx.viewer.id, postId: input.postId, liked: true });
      if (!state) throw notFound();
      if (!state.changed) throw new TRPCError({ code: "CONFLICT", message: "You already like this post" });
      await announce(ctx.events, input.postId, state);
      // `.output(likeState)` sends `{ liked, likeCount }`; whether this call changed it stays here.
      return state;
    }),

  /** Unlikes a post; idempotent, so a retried or repeated unlike still answers with the state. */
  remove: protectedProcedure
    .meta({ openapi: { method: "DELETE", path: "/posts/{postId}/likes", tags: ["likes"], summary: "Unlike a post" } })
    .input(likeInput)
    .output(likeState)
    .mutation(async ({ ctx, input }) => {
      const state = await ctx.data.likes.set({ userId: ctx.viewer.id, postId: input.postId, liked: false });
      if (!state) throw notFound();
      if (state.changed) await announce(ctx.events, input.postId, state);
      return state;
    }),

  /** Like counts as they change, on any post, resumable like post.onCreated. */
  onChanged: publicProcedure.input(resumeInput).subscription(async function* ({ ctx, input, signal }) {
    for await (const { id, event } of ctx.events.subscribe({ after: input.lastEventId, signal })) {
      if (event.type === "like.changed") yield tracked(id, { postId: event.postId, likeCount: event.likeCount });
    }
  }),
});
