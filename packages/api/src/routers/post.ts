import {
  createPostInput,
  idSchema,
  listPostsInput,
  postIdInput,
  postPage,
  postView,
  resumeInput,
  updatePostInput,
} from "@trellis/validators";
import { TRPCError, tracked } from "@trpc/server";
import { z } from "zod";

import { postChangeFor } from "../events";
import { createTRPCRouter, ownerProcedure, protectedProcedure, publicProcedure } from "../trpc";

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "That post was not found" });

export const postRouter = createTRPCRouter({
  /** The feed, newest first, by cursor: author, counts and the viewer's like in one SQL statement. */
  list: publicProcedure
    .meta({ openapi: { method: "GET", path: "/posts", tags: ["posts"], summary: "The feed, newest first" } })
    .input(listPostsInput)
    .output(postPage)
    .query(({ ctx, input }) =>
      ctx.data.posts.list({ viewerId: ctx.viewer?.id ?? null, limit: input.limit, cursor: input.cursor }),
    ),

  byId: publicProcedure
    .meta({ openapi: { method: "GET", path: "/posts/{id}", tags: ["posts"], summary: "One post" } })
    .input(postIdInput)
    .output(postView)
    .query(async ({ ctx, input }) => {
      const post = await ctx.data.posts.byId({ id: input.id, viewerId: ctx.viewer?.id ?? null });
      if (!post) throw notFound();
      return post;
    }),

  create: protectedProcedure
    .meta({
      openapi: { method: "POST", path: "/posts", tags: ["posts"], summary: "Write a post" },
      location: "/posts/{id}",
    })
    .input(createPostInput)
    .output(postView)
    .mutation(async ({ ctx, input }) => {
      const post = await ctx.data.posts.create({ ...input, authorId: ctx.viewer.id });
      await ctx.events.publish({ type: "post.created", post });
      return post;
    }),

  /** New posts as they are written, each with an id to resume after (SSE `Last-Event-ID`). */
  onCreated: publicProcedure.input(resumeInput).subscription(async function* ({ ctx, input, signal }) {
    for await (const { id, event } of ctx.events.subscribe({ after: input.lastEventId, signal })) {
      if (event.type === "post.created") yield tracked(id, event.post);
    }
  }),

  /**
   * Everything but likes that changes what the feed shows — posts written,
   * edited and deleted, comments written and deleted (to count them) — or,
   * with `postId`, what that post's page shows: its edits, its deletion, its
   * comments written, edited and deleted. One stream, so a reader applies
   * them in the order they happened; resumable like onCreated.
   */
  onChanged: publicProcedure.input(resumeInput.extend({ postId: idSchema.nullish() })).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    for await (const { id, event } of ctx.events.subscribe({ after: input.lastEventId, signal })) {
      const change = postChangeFor(event, input.postId);
      if (change) yield tracked(id, change);
    }
  }),

  /** The author or an admin; anyone else gets NOT_FOUND, as if it did not exist. */
  update: ownerProcedure("post")
    .meta({ openapi: { method: "PATCH", path: "/posts/{id}", tags: ["posts"], summary: "Edit your post" } })
    .input(updatePostInput)
    .output(postView)
    .mutation(async ({ ctx, input }) => {
      const updated = await ctx.data.posts.update({ ...input, viewerId: ctx.viewer.id });
      if (!updated) throw notFound();
      // Only what the edit wrote, as its UPDATE returned it (so racing edits announce each their own);
      // a write that changed nothing announces nothing (docs/decisions/017, 043).
      if (updated.edit) await ctx.events.publish({ type: "post.updated", post: updated.edit });
      return updated.post;
    }),

  delete: ownerProcedure("post")
    .meta({ openapi: { method: "DELETE", path: "/posts/{id}", tags: ["posts"], summary: "Delete your post" } })
    .input(postIdInput)
    .output(z.object({ id: idSchema }))
    .mutation(async ({ ctx, input }) => {
      const deleted = await ctx.data.posts.delete({ id: input.id });
      if (!deleted) throw notFound();
      // Its comments and likes went with it: readers drop the post, and with it all they held of it.
      await ctx.events.publish({ type: "post.deleted", id: deleted.id });
      return deleted;
    }),
});
