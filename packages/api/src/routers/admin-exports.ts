import type { PostExport } from "@trellis/db";
import { exportFileName } from "@trellis/jobs";
import { exportIdInput } from "@trellis/validators";
import { TRPCError } from "@trpc/server";

import { adminProcedure, createTRPCRouter } from "../trpc";

const view = ({ id, status, rowCount, error, createdAt, completedAt }: PostExport) => ({
  id,
  status,
  rowCount,
  error,
  createdAt,
  completedAt,
});

/**
 * CSV exports of every post: started here, built by a background job, then
 * downloaded from /api/admin/exports/<id> (apps/web), which calls `download`.
 */
export const adminExportsRouter = createTRPCRouter({
  /** A pending export, and its job in the same transaction (table backend). */
  start: adminProcedure.mutation(async ({ ctx }) => {
    const created = await ctx.jobs.enqueueWith(
      (outbox) => ctx.data.postExports.create({ requestedBy: ctx.viewer.id, jobs: outbox }),
      (pending: PostExport) => [{ name: "export.posts-csv", payload: { exportId: pending.id } }],
    );
    if (!created) throw new Error("The export was not created");
    return view(created);
  }),

  status: adminProcedure.input(exportIdInput).query(async ({ ctx, input }) => {
    const found = await ctx.data.postExports.byId(input.id);
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "That export was not found" });
    return view(found);
  }),

  /** The file of a ready export: CONFLICT while it is being built or after it failed. */
  download: adminProcedure.input(exportIdInput).query(async ({ ctx, input }) => {
    const file = await ctx.data.postExports.file(input.id);
    if (file) return { filename: exportFileName(file.createdAt), csv: file.csv };
    const found = await ctx.data.postExports.byId(input.id);
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "That export was not found" });
    throw new TRPCError({ code: "CONFLICT", message: `That export is ${found.status}, not ready` });
  }),
});
