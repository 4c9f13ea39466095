import { cx } from "@/lib/cx";

import type { LiveState } from "./use-live";

/** "unavailable": the code that keeps a page live failed to download (offline, or a deploy replaced it). */
export type IndicatorState = LiveState | "unavailable";

const labels: Record<IndicatorState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  unavailable: "Live updates unavailable — reload",
};

/**
 * A quiet dot and a word; as a status region, a screen reader hears when the connection drops or returns.
 * `id`: for a control that waits on the connection to point at (aria-describedby).
 */
export function LiveIndicator({ state, id }: { state: IndicatorState; id?: string }) {
  return (
    <p
      id={id}
      role="status"
      title={state === "live" ? "New posts, comments and likes appear as they happen" : undefined}
      className="inline-flex items-center gap-1.5 text-xs font-medium text-ink-muted"
    >
      <span
        aria-hidden="true"
        className={cx(
          "size-2 rounded-full",
          state === "live" ? "bg-accent" : state === "unavailable" ? "bg-ink-subtle" : "animate-pulse bg-ink-subtle",
        )}
      />
      {labels[state]}
    </p>
  );
}
