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

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "5 minutes ago", "yesterday"; past a week, the date. Only call after hydration.
 *
 * What `Intl.RelativeTimeFormat("en", { numeric: "auto" })` says, spelt out by
 * hand (dates.test.ts holds the two to the same output): the first Intl object
 * a page builds loads ICU's locale data, which costs a phone ~100 ms of main
 * thread during hydration — Lighthouse's largest long task after the framework's.
 */
export function formatRelative(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const distance = Math.abs(seconds);
  if (distance < 45) return "just now";
  if (distance >= 7 * DAY) return formatDateUtc(date);

  const [unit, size] =
    distance >= DAY
      ? (["day", DAY] as const)
      : distance >= HOUR
        ? (["hour", HOUR] as const)
        : (["minute", MINUTE] as const);
  const value = Math.round(seconds / size);
  if (unit === "day" && Math.abs(value) === 1) return value < 0 ? "yesterday" : "tomorrow";
  const count = Math.abs(value);
  const amount = `${count} ${unit}${count === 1 ? "" : "s"}`;
  return value < 0 ? `${amount} ago` : `in ${amount}`;
}
