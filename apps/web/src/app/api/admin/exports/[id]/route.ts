import { createCaller } from "@trellis/api";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

import { createRequestContext } from "@/server/context";

export const dynamic = "force-dynamic";

/**
 * Downloads a ready CSV export of the posts (GET /api/admin/exports/<id>).
 * Who may, and whether it is ready, is the procedure's answer
 * (admin.exports.download: admins only, from the request's session or
 * token); this only turns it into a file response.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const file = await createCaller(await createRequestContext()).admin.exports.download({ id });
    return new Response(file.csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file.filename}"`,
        // Every post, for one admin: no cache, shared or private, keeps a copy.
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    if (!(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR") throw error;
    return new Response(`${error.message}\n`, {
      status: getHTTPStatusCodeFromError(error),
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
}
