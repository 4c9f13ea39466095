"use client";

import { useLinkStatus } from "next/link";

import { SpinnerIcon } from "./icons";

/**
 * Post pages and the feed are dynamic with no loading.tsx (so unknown posts get
 * a real 404, and the feed's first paint holds its posts rather than a
 * skeleton), so a click waits for the server: this shows that it registered.
 * Always rendered, only its opacity changes, so the layout does not shift.
 */
export function LinkPendingHint() {
  const { pending } = useLinkStatus();
  return (
    <SpinnerIcon
      width={14}
      height={14}
      className={`ml-1.5 inline-block align-[-1px] text-ink-subtle transition-opacity ${pending ? "opacity-100" : "opacity-0"}`}
    />
  );
}
