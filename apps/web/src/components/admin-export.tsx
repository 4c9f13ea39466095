"use client";

import { skipToken, useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { PendingButton } from "./pending-button";

/**
 * A CSV of every post: built by a background job, so the page asks for it,
 * watches it (every second while pending) and offers the download once ready.
 */
export function AdminExport() {
  const trpc = useTRPC();
  const [exportId, setExportId] = useState<string | null>(null);
  const start = useMutation(
    trpc.admin.exports.start.mutationOptions({ onSuccess: (started) => setExportId(started.id) }),
  );
  const status = useQuery(
    trpc.admin.exports.status.queryOptions(exportId ? { id: exportId } : skipToken, {
      refetchInterval: (query) => (query.state.data?.status === "pending" ? 1_000 : false),
    }),
  );
  const current = status.data;

  return (
    <section aria-labelledby="export-heading" className="space-y-3">
      <div>
        <h2 id="export-heading" className="text-lg font-semibold text-ink">
          Export posts
        </h2>
        <p className="text-sm text-ink-muted">
          Every post as a CSV file, prepared in the background: download it here when it is ready.
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <PendingButton
          onClick={() => start.mutate()}
          pending={start.isPending || current?.status === "pending"}
          className={buttonStyles.secondary}
        >
          Export posts as CSV
        </PendingButton>
        {current?.status === "ready" ? (
          <a href={`/api/admin/exports/${current.id}`} download className={buttonStyles.primary}>
            Download the CSV ({current.rowCount} posts)
          </a>
        ) : null}
      </div>
      {current?.status === "pending" ? (
        <p role="status" className="text-sm text-ink-muted">
          Preparing the export…
        </p>
      ) : null}
      {current?.status === "failed" ? (
        <p role="alert" className="text-sm text-danger">
          The export failed: {current.error}
        </p>
      ) : null}
      {start.isError || status.isError ? (
        <p role="alert" className="text-sm text-danger">
          {(start.error ?? status.error)?.message}
        </p>
      ) : null}
    </section>
  );
}
