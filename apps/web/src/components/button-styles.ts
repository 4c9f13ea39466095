/*
 * Class lists for the few kinds of button the app has, shared by <button> and
 * <Link> so a link that acts like a button looks like one.
 */
const base =
  "inline-flex items-center justify-center gap-2 rounded-lg text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60";

export const buttonStyles = {
  primary: `${base} bg-accent px-4 py-2 text-accent-ink shadow-sm hover:bg-accent-hover`,
  secondary: `${base} border border-line bg-surface px-4 py-2 text-ink hover:border-line-strong hover:bg-surface-muted`,
  ghost: `${base} px-2.5 py-1.5 text-ink-muted hover:bg-surface-muted hover:text-ink`,
  danger: `${base} bg-danger px-4 py-2 text-white shadow-sm hover:opacity-90`,
  dangerGhost: `${base} px-2.5 py-1.5 text-ink-muted hover:bg-danger-soft hover:text-danger`,
} as const;
