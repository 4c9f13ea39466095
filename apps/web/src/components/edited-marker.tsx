import { formatDateTimeUtc } from "@/lib/dates";

/**
 * "edited", for a post changed after it was written, with when in its
 * <time>: the same text on the server and in the browser (UTC, built by hand),
 * so it needs no hydration of its own.
 */
export function EditedMarker({ createdAt, updatedAt }: { createdAt: Date; updatedAt: Date }) {
  if (updatedAt.getTime() <= createdAt.getTime()) return null;
  const when = formatDateTimeUtc(updatedAt);
  return (
    <>
      <span aria-hidden="true" className="text-ink-subtle">
        ·
      </span>
      <time dateTime={updatedAt.toISOString()} title={`Edited ${when}`} className="shrink-0 text-ink-muted">
        edited
      </time>
    </>
  );
}
