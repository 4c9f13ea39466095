import { cx } from "@/lib/cx";

import type { LiveState } from "./use-live";

const labels: Record<LiveState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
};

/** A quiet dot and a word; as a status region, a screen reader hears when the connection drops or returns. */
export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <p
      role="status"
      title={state === "live" ? "New posts, comments and likes appear as they happen" : undefined}
      className="inline-flex items-center gap-1.5 text-xs font-medium text-ink-muted"
    >
      <span
        aria-hidden="true"
        className={cx("size-2 rounded-full", state === "live" ? "bg-accent" : "animate-pulse bg-ink-subtle")}
      />
      {labels[state]}
    </p>
  );
}
