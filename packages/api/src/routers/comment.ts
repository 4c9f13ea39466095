import {
  commentIdInput,
  commentPage,
  commentView,
  createCommentInput,
  idSchema,
  listCommentsInput,
  resumeInput,
  updateCommentInput,
} from "@trellis/validators";
import { TRPCError, tracked } from "@trpc/server";
import { z } from "zod";

import { createTRPCRouter, ownerProcedure, protectedProcedure, publicProcedure } from "../trpc";

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "That comment was not found" });

export const commentRouter = createTRPCRouter({
  /** A post's comments, oldest first, by cursor. */
  list: publicProcedure
    .meta({
      openapi: { method: "GET", path: "/posts/{postId}/comments", tags: ["comments"], summary: "A post's comments" },
    })
    .input(listCommentsInput)
    .output(commentPage)
    .query(async ({ ctx, input }) => {
      // An empty list would be ambiguous: say plainly when the post is gone.
      if (!input.cursor && !(await ctx.data.posts.exists(input.postId))) {
        throw new TRPCError({ code: "NOT_FOUND", message: "That post was not found" });
      }
      return ctx.data.comments.list(input);
    }),

  byId: publicProcedure
    .meta({ openapi: { method: "GET", path: "/comments/{id}", tags: ["comments"], summary: "One comment" } })
    .input(commentIdInput)
    .output(commentView)
    .query(async ({ ctx, input }) => {
      const comment = await ctx.data.comments.byId(input.id);
      if (!comment) throw notFound();
      return comment;
    }),

  create: protectedProcedure
    .meta({
      openapi: { method: "POST", path: "/posts/{postId}/comments", tags: ["comments"], summary: "Comment on a post" },
      location: "/comments/{id}",
    })
    .input(createCommentInput)
    .output(commentView)
    .mutation(async ({ ctx, input }) => {
      const comment = await ctx.data.comments.create({ ...input, authorId: ctx.viewer.id });
      if (!comment) throw new TRPCError({ code: "NOT_FOUND", message: "That post was not found" });
      // The post's count as it is after the write: readers set it, so a missed or doubled event does not drift it.
      const commentCount = await ctx.data.comments.count(comment.postId);
      await ctx.events.publish({ type: "comment.created", comment, commentCount });
      return comment;
    }),

  /** New comments on one post as they are written, resumable like post.onCreated. */
  onCreated: publicProcedure.input(resumeInput.extend({ postId: idSchema })).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    for await (const { id, event } of ctx.events.subscribe({ after: input.lastEventId, signal })) {
      if (event.type === "comment.created" && event.comment.postId === input.postId) yield tracked(id, event.comment);
    }
  }),

  /** The author or an admin; anyone else gets NOT_FOUND, as if it did not exist. */
  update: ownerProcedure("comment")
    .meta({ openapi: { method: "PATCH", path: "/comments/{id}", tags: ["comments"], summary: "Edit your comment" } })
    .input(updateCommentInput)
    .output(commentView)
    .mutation(async ({ ctx, input }) => {
      const updated = await ctx.data.comments.update(input);
      // Deleted between the ownership check and the write.
      if (!updated) throw notFound();
      // A write that changed nothing announces nothing (docs/decisions/017, 043).
      if (updated.changed) await ctx.events.publish({ type: "comment.updated", comment: updated.comment });
      return updated.comment;
    }),

  delete: ownerProcedure("comment")
    .meta({ openapi: { method: "DELETE", path: "/comments/{id}", tags: ["comments"], summary: "Delete your comment" } })
    .input(commentIdInput)
    .output(z.object({ id: idSchema, postId: idSchema }))
    .mutation(async ({ ctx, input }) => {
      const deleted = await ctx.data.comments.delete({ id: input.id });
      if (!deleted) throw notFound();
      const commentCount = await ctx.data.comments.count(deleted.postId);
      await ctx.events.publish({ type: "comment.deleted", id: deleted.id, postId: deleted.postId, commentCount });
      return deleted;
    }),
});
