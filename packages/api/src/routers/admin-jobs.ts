import { enqueueWeeklyDigests } from "@trellis/jobs";
import { failedJobsInput, jobIdInput } from "@trellis/validators";
import { TRPCError } from "@trpc/server";

import { adminProcedure, createTRPCRouter } from "../trpc";

const notFailed = () =>
  new TRPCError({ code: "NOT_FOUND", message: "That job is not in the failed list (retried or discarded already?)" });

/** The background jobs, for the admin page: how many are where, what failed and why, and a second chance. */
export const adminJobsRouter = createTRPCRouter({
  /** Waiting (retries scheduled for later included), active, done (kept a week), failed. */
  counts: adminProcedure.query(({ ctx }) => ctx.jobs.counts()),

  /** Failed jobs with their last error, most recent first. */
  failed: adminProcedure.input(failedJobsInput).query(async ({ ctx, input }) => {
    const failed = await ctx.jobs.failed(input.limit);
    return failed.map((job) => ({ ...job, payload: JSON.stringify(job.payload) }));
  }),

  /** Runs a failed job again, with all its attempts. */
  retry: adminProcedure.input(jobIdInput).mutation(async ({ ctx, input }) => {
    if (!(await ctx.jobs.retry(input.id))) throw notFailed();
    return { id: input.id };
  }),

  /** Deletes a failed job for good. */
  discard: adminProcedure.input(jobIdInput).mutation(async ({ ctx, input }) => {
    if (!(await ctx.jobs.discard(input.id))) throw notFailed();
    return { id: input.id };
  }),

  /** Enqueues this week's digest for every user; a second press in the same week adds nothing. */
  sendDigests: adminProcedure.mutation(async ({ ctx }) => ({ users: await enqueueWeeklyDigests(ctx.jobs, ctx.data) })),
});
