import { cx } from "@/lib/cx";
import { initials } from "@/lib/text";

export function Avatar({
  name,
  size = "md",
  highlight = false,
}: {
  name: string;
  size?: "sm" | "md";
  highlight?: boolean;
}) {
  return (
    <span
      aria-hidden="true"
      className={cx(
        "inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold",
        size === "sm" ? "size-7 text-[11px]" : "size-9 text-xs",
        highlight ? "bg-accent-soft text-accent" : "bg-surface-muted text-ink-muted",
      )}
    >
      {initials(name)}
    </span>
  );
}
