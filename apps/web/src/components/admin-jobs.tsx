"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@trellis/api";

import { useTRPC } from "@/trpc/react";

import { buttonStyles } from "./button-styles";
import { ErrorPanel } from "./error-panel";
import { PendingButton } from "./pending-button";
import { TimeAgo } from "./time-ago";

type FailedJob = RouterOutputs["admin"]["jobs"]["failed"][number];
type Counts = RouterOutputs["admin"]["jobs"]["counts"];

const STATS: { key: keyof Counts; label: string }[] = [
  { key: "waiting", label: "Waiting" },
  { key: "active", label: "Active" },
  { key: "done", label: "Done" },
  { key: "failed", label: "Failed" },
];

/** The background jobs: how many are where (refreshed every few seconds), what failed and why, retry or discard. */
export function AdminJobs() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const counts = useQuery(trpc.admin.jobs.counts.queryOptions(undefined, { refetchInterval: 2_000 }));
  const failed = useQuery(trpc.admin.jobs.failed.queryOptions({}, { refetchInterval: 5_000 }));
  const sendDigests = useMutation(
    trpc.admin.jobs.sendDigests.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.admin.jobs.counts.queryKey() }),
    }),
  );

  return (
    <section aria-labelledby="jobs-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="jobs-heading" className="text-lg font-semibold text-ink">
            Background jobs
          </h2>
          <p className="text-sm text-ink-muted">Emails and reports, sent by the worker, retried when they fail.</p>
        </div>
        <PendingButton
          onClick={() => sendDigests.mutate()}
          pending={sendDigests.isPending}
          className={buttonStyles.secondary}
        >
          Send weekly digests
        </PendingButton>
      </div>
      {sendDigests.isSuccess ? (
        <p role="status" className="text-sm text-ink-muted">
          Queued this week’s digest for {sendDigests.data.users} users (each gets one per week).
        </p>
      ) : null}
      {sendDigests.isError ? (
        <p role="alert" className="text-sm text-danger">
          {sendDigests.error.message}
        </p>
      ) : null}

      {counts.isError ? (
        <ErrorPanel
          title="Job counts didn’t load"
          message={counts.error.message}
          onRetry={() => void counts.refetch()}
        />
      ) : (
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {STATS.map(({ key, label }) => (
            <Stat key={key} label={label} value={counts.data?.[key]} />
          ))}
        </dl>
      )}

      <h3 className="font-semibold text-ink">Failed jobs</h3>
      {failed.isPending ? (
        <p className="text-sm text-ink-muted">Loading failed jobs…</p>
      ) : failed.isError ? (
        <ErrorPanel
          title="Failed jobs didn’t load"
          message={failed.error.message}
          onRetry={() => void failed.refetch()}
        />
      ) : failed.data.length === 0 ? (
        <p className="text-sm text-ink-muted">No failed jobs.</p>
      ) : (
        <ul
          aria-label="Failed jobs"
          className="divide-y divide-line overflow-hidden rounded-2xl border border-line bg-surface shadow-xs"
        >
          {failed.data.map((job) => (
            <li key={job.id}>
              <FailedJobRow job={job} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Stat({ label, value }: { label: string; value: number | undefined }) {
  return (
    <div className="rounded-2xl border border-line bg-surface px-4 py-3 shadow-xs">
      <dt className="text-sm text-ink-muted">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums text-ink">{value ?? "–"}</dd>
    </div>
  );
}

function FailedJobRow({ job }: { job: FailedJob }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.admin.jobs.failed.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.admin.jobs.counts.queryKey() }),
    ]);
  const retry = useMutation(trpc.admin.jobs.retry.mutationOptions({ onSettled: refresh }));
  const discard = useMutation(trpc.admin.jobs.discard.mutationOptions({ onSettled: refresh }));
  const error = retry.error ?? discard.error;

  return (
    <div className="space-y-2 px-4 py-3 sm:px-5">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium text-ink">{job.name}</p>
          <p className="truncate text-sm text-ink-muted">
            <code className="text-xs">{job.id}</code> · {job.attempts} {job.attempts === 1 ? "attempt" : "attempts"}
            {job.failedAt ? (
              <>
                {" "}
                · failed <TimeAgo date={job.failedAt} />
              </>
            ) : null}
          </p>
        </div>
        <PendingButton
          onClick={() => retry.mutate({ id: job.id })}
          pending={retry.isPending}
          disabled={discard.isPending}
          className={buttonStyles.secondary}
          aria-label={`Retry ${job.name} ${job.id}`}
        >
          Retry
        </PendingButton>
        <PendingButton
          onClick={() => discard.mutate({ id: job.id })}
          pending={discard.isPending}
          disabled={retry.isPending}
          className={buttonStyles.dangerGhost}
          aria-label={`Discard ${job.name} ${job.id}`}
        >
          Discard
        </PendingButton>
      </div>
      <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-words rounded-lg bg-danger-soft px-3 py-2 text-xs text-danger">
        {job.error || "(no error message)"}
      </pre>
      <p className="truncate text-xs text-ink-subtle" title={job.payload}>
        Payload <code>{job.payload}</code>
      </p>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
