"use client";

import { formatDateTimeUtc, formatDateUtc, formatRelative } from "@/lib/dates";
import { useHydrated } from "@/lib/use-hydrated";

/** A date that the server renders in UTC and the browser turns into "3 hours ago" once hydrated. */
export function TimeAgo({ date }: { date: Date }) {
  const hydrated = useHydrated();
  return (
    <time dateTime={date.toISOString()} title={formatDateTimeUtc(date)}>
      {hydrated ? formatRelative(date, new Date()) : formatDateUtc(date)}
    </time>
  );
}
