/*
 * Dates render on the server and again in the browser. Intl output differs
 * between ICU versions and time zones, so the server-rendered form is built by
 * hand in UTC; only after hydration does the browser switch to relative time.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const pad = (n: number) => String(n).padStart(2, "0");

/** "Mar 3, 2026": identical on every machine. */
export function formatDateUtc(date: Date): string {
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/** "Mar 3, 2026, 14:05 UTC": identical on every machine. */
export function formatDateTimeUtc(date: Date): string {
  return `${formatDateUtc(date)}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["minute", 60],
  ["hour", 60 * 60],
  ["day", 24 * 60 * 60],
];

/** "5 minutes ago", "yesterday"; past a week, the date. Only call after hydration. */
export function formatRelative(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const distance = Math.abs(seconds);
  if (distance < 45) return "just now";
  if (distance >= 7 * 24 * 60 * 60) return formatDateUtc(date);

  let unit: Intl.RelativeTimeFormatUnit = "minute";
  let size = 60;
  for (const [candidate, candidateSize] of STEPS) {
    if (distance >= candidateSize) [unit, size] = [candidate, candidateSize];
  }
  return relative.format(Math.round(seconds / size), unit);
}
